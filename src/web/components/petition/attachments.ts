// A petition's attachments as the API answers them, and the limits the page checks before sending.
export interface PetitionAttachment {
  id: number;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

/** The server's limit per file (10 MB); checked here only to spare sending a file that is refused. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** 1.2 MB, 35 KB, 512 B. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
