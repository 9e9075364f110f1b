/** Errors the domain raises for bad input or missing things; the HTTP layer maps them to 4xx responses. */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly code: 'not_found' | 'invalid' | 'conflict' | 'forbidden',
    readonly details: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError(`${what} not found`, 'not_found');
export const invalid = (message: string, details: Record<string, string> = {}) => new DomainError(message, 'invalid', details);
