/** A media library item as the rest of the app sees it. */
export interface MediaItem {
  id: number;
  /** Public URL of the original (EXIF orientation applied, metadata stripped). */
  url: string;
  originalFilename: string;
  contentType: string;
  bytes: number;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
  variants: { width: number; url: string }[];
  /** `url 320w, url 640w, …` over the WebP variants. */
  srcset: string;
  uploadedBy: number | null;
  uploaderName: string | null;
  createdAt: string;
}

export interface MediaUpload {
  bytes: Buffer;
  /** The name the browser sent; kept (sanitised) for search and display only, never trusted for the type. */
  filename: string;
  alt?: string;
  caption?: string;
  credit?: string;
}

/** For imports: the id the item had on the old site (kept in an empty site) and when it was uploaded there. */
export interface MediaUploadOptions {
  id?: number;
  createdAt?: string;
}

export interface MediaText {
  alt: string;
  caption: string;
  credit: string;
}
