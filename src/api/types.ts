/**
 * Request and response bodies of the CloudNEXTRA v2 API, shared by the
 * player and the reference server. Field names follow the public API page,
 * so they are snake_case.
 */

/** Conversion state of a title or upload. */
export type MediaStatus = 'processing' | 'ready' | 'failed';

/** Response of `GET /v2/embed/{id}`. */
export interface EmbedResponse {
  id: string;
  /** Page that plays the title full-bleed, for an iframe. */
  embed_url: string;
  status: MediaStatus;
  /** Heights of the renditions, lowest first, e.g. `[360, 720, 1080]`. */
  qualities: number[];
  /** Language codes of the subtitle tracks, e.g. `["en", "es"]`. */
  subtitles: string[];
  /** Whether resume is on for this title. */
  resume: boolean;
  /** Signed, expiring URL of the HLS master playlist; null until ready. */
  hls_url: string | null;
  /** ISO 8601 time after which `hls_url` and the other media URLs expire. */
  expires_at: string | null;
  /** Signed URL of the poster JPEG; null until ready. */
  poster: string | null;
  /** Signed URL of the WebVTT storyboard index; null when there is none. */
  thumbnails: string | null;
  /** Duration in seconds; 0 until known. */
  duration: number;
  /** Stored position of the identified viewer in seconds, when there is one; 0 once completed. */
  resume_position?: number;
  /** Server time of that position's last write, in milliseconds since the epoch. */
  resume_updated_at?: number;
  /** Whether the identified viewer finished the title. */
  resume_completed?: boolean;
}

/** A viewer's stored position, as read and written by `/v2/resume/{id}`. */
export interface ResumeRecordBody {
  position: number;
  duration: number;
  completed: boolean;
  /** Milliseconds since the epoch, in the server's clock. */
  updated_at: number;
}

/** Body of `PUT /v2/resume/{id}`. */
export interface ResumeWriteBody {
  position: number;
  duration: number;
  completed: boolean;
  /** When the position was taken, in the client's clock (ms since the epoch). */
  updated_at: number;
  /** When the request was sent, in the client's clock; lets the server correct clock skew. */
  sent_at: number;
}

/** Headers that identify the viewer for resume sync. */
export const VIEWER_TOKEN_HEADER = 'X-CNX-Viewer-Token';
export const DEVICE_ID_HEADER = 'X-CNX-Device-Id';

/** Response of `GET /v2/title/{id}`. */
export interface TitleResponse {
  id: string;
  title: string;
  /** Duration in seconds. */
  duration: number;
  /** Unsigned URL of the poster JPEG, or null until ready. */
  poster: string | null;
  size_mb: number;
  views: number;
  streamable: boolean;
}

/** One item of `GET /v2/me/uploads`, also returned by `POST /v2/me/uploads`. */
export interface UploadResponse {
  id: string;
  title: string;
  status: MediaStatus;
  /** Conversion progress, 0 to 100. */
  progress: number;
  streamable: boolean;
  size_mb: number;
  /** Duration in seconds; 0 until probed. */
  duration: number;
  /** ISO 8601 creation time. */
  created_at: string;
  views: number;
  earnings: Earnings;
  /** Why the conversion failed; present only when status is `failed`. */
  error?: string;
  hls_url: string | null;
  poster: string | null;
}

/** Earnings of one video: views times the account's rate per thousand. */
export interface Earnings {
  amount: number;
  currency: string;
}

/** Response of `GET /v2/me/uploads`. */
export interface UploadListResponse {
  data: UploadResponse[];
  /** Cursor of the next page, or null on the last page. */
  next_cursor: string | null;
}
