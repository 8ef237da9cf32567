/**
 * Package entry of `<cnx-player>`. Importing it defines the element; on a
 * page without custom elements (server-side rendering) it only exports.
 */
export { CnxPlayer, type AutoplayMode } from './cnx-player.js';
export { CNX_EVENTS, MEDIA_EVENTS } from './events.js';
export type {
  CnxErrorDetail,
  CnxEventDetails,
  CnxEventMap,
  CnxQualityChangeDetail,
  CnxReadyDetail,
  CnxResumeDetail,
  CnxSubtitlesChangeDetail,
} from './events.js';
export { PLAYER_ERRORS, PlayerError, type PlayerErrorCode } from './errors.js';
export { DEFAULT_API_BASE } from './api-client.js';
export type { ResumeMode, ResumeRecord } from './resume/policy.js';
export type { EmbedResponse } from '../api/types.js';
