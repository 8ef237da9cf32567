/**
 * JSX types of `<cnx-player>` for React 19, published as the types of
 * `@cloudnextra/player/react`. Importing this module, even with
 * `import type {} from '@cloudnextra/player/react'`, adds the element to
 * React's `JSX.IntrinsicElements`. It has no runtime code.
 *
 * React 19 sets a prop as a property when the element has a property of
 * that name (`muted`, `loop`, `mediaId`) and as an attribute otherwise
 * (`media-id`), and it adds a prop `on<event>` as a listener of `<event>`, so
 * `oncnx-ready` listens to `cnx-ready`.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { AutoplayMode, CnxPlayer } from '../player/cnx-player.js';
import type { CnxEventDetails, MEDIA_EVENTS } from '../player/events.js';

/** Listener props of the player's own events, e.g. `oncnx-error`. */
export type CnxPlayerEventProps = {
  [Name in keyof CnxEventDetails as `on${Name}`]?: (
    event: CustomEvent<CnxEventDetails[Name]>,
  ) => void;
};

/**
 * Listener props of the standard media events that the player re-dispatches,
 * e.g. `onplay`. They are lower-case, because React's own `onPlay` listens
 * for bubbling events and media events do not bubble.
 */
export type CnxPlayerMediaEventProps = {
  [Name in (typeof MEDIA_EVENTS)[number] as `on${Name}`]?: (event: Event) => void;
};

/** Attributes of `<cnx-player>` in their kebab-case spelling. */
export interface CnxPlayerAttributes {
  'media-id'?: string;
  'api-key'?: string;
  'api-base'?: string;
  'viewer-token'?: string;
  /** `true`, or `'muted'` to retry muted when the browser blocks sound. */
  autoplay?: AutoplayMode;
  muted?: boolean;
  loop?: boolean;
  /** Position to start at in seconds; overrides resume. */
  'start-time'?: number | string;
  poster?: string;
  preload?: 'none' | 'metadata' | 'auto';
  resume?: 'auto' | 'prompt' | 'off';
  /** Language code of the subtitles to show at start. */
  captions?: string;
  debug?: boolean;
}

/** Props of `<cnx-player>` in React 19 JSX. */
export type CnxPlayerProps = Omit<
  DetailedHTMLProps<HTMLAttributes<CnxPlayer>, CnxPlayer>,
  keyof CnxPlayerAttributes
> &
  CnxPlayerAttributes &
  CnxPlayerEventProps &
  CnxPlayerMediaEventProps & {
    mediaId?: string;
    apiKey?: string;
    apiBase?: string;
    viewerToken?: string;
  };

declare module 'react' {
  // React 19 looks up intrinsic elements in the JSX namespace of 'react'.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'cnx-player': CnxPlayerProps;
    }
  }
}
