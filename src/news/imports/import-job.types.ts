import type { ImportJobState } from '../vocabulary.js';

/** How far a run has got: bytes of the export read (of its size), items and comments written. */
export interface ImportJobProgress {
  bytesRead: number;
  totalBytes: number | null;
  items: number;
  comments: number;
}

/** An import started from the newsroom, as its pages show it. */
export interface ImportJob {
  id: number;
  state: ImportJobState;
  /** The export's file name as uploaded, its size, and the uploads zip's when one came with it. */
  exportName: string;
  exportBytes: number;
  uploadsName: string | null;
  uploadsBytes: number | null;
  dryRun: boolean;
  fetchMedia: boolean;
  progress: ImportJobProgress;
  /** The import's report (the format's own shape, as JSON) once done; null until then. */
  report: unknown;
  /** Why it failed, for the administrator; null unless failed. */
  error: string | null;
  startedBy: { id: number; displayName: string } | null;
  /** How many times a worker has taken it up (more than one: a worker stopped and another resumed it). */
  attempts: number;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** The files of a job a worker has claimed, and the claim itself (writes about the job must carry it). */
export interface ClaimedImportJob extends ImportJob {
  /** This claim's number (the job's attempts when it was claimed): a worker whose claim was taken over writes nothing. */
  claim: number;
  /** The job's folder (WorkDirs), removed when it ends. */
  workDir: string;
  files: {
    /** The export (maybe gzipped). */
    export: string;
    /** The uploads zip, if one was sent. */
    uploads: string | null;
    /** An empty folder in the job's own where the zip is unpacked (removed with the job's files). */
    unpacked: string;
  };
}

/** The files of an upload, received into a job's folder by the newsroom before the job exists. */
export interface ImportUpload {
  /** The folder's name (WorkDirs). */
  dir: string;
  /** The path of a file in the folder (a plain name). */
  path(file: string): string;
  /** Removes the folder: the upload was refused. */
  discard(): Promise<void>;
}

export interface NewImportJob {
  exportName: string;
  /** The export's name in the upload's folder, and its size. */
  exportFile: string;
  exportBytes: number;
  uploadsName?: string | null;
  uploadsFile?: string | null;
  uploadsBytes?: number | null;
  dryRun: boolean;
  fetchMedia: boolean;
}

/** The most an import from the newsroom may bring (IMPORT_* in the configuration). */
export interface ImportLimits {
  /** The export file, as uploaded (gzipped or not). */
  exportMaxBytes: number;
  /** The uploads zip, as uploaded. */
  uploadsMaxBytes: number;
  /** The uploads zip once unpacked, all files together. */
  uploadsMaxUnpackedBytes: number;
  /** Entries (files and folders) in the uploads zip. */
  uploadsMaxFiles: number;
}
