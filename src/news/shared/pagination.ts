export interface Page<T> {
  items: T[];
  page: number;
  perPage: number;
  total: number;
  pageCount: number;
}

export function pageOf<T>(items: T[], page: number, perPage: number, total: number): Page<T> {
  return { items, page, perPage, total, pageCount: Math.max(1, Math.ceil(total / perPage)) };
}

export function offsetFor(page: number, perPage: number): number {
  return (Math.max(1, page) - 1) * perPage;
}
