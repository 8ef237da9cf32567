/** Master and subtitle playlists, written by the server rather than by ffmpeg. */
import type { Rendition, SubtitleTrack } from '../storage/uploads.ts';

/** Returns the master playlist text for the renditions and subtitle tracks. */
export function masterPlaylist(renditions: Rendition[], subtitles: SubtitleTrack[]): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const track of subtitles) {
    lines.push(
      `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="${track.name}",` +
        `LANGUAGE="${track.language}",DEFAULT=NO,AUTOSELECT=YES,URI="${track.uri}"`,
    );
  }
  for (const rendition of renditions) {
    const attributes = [
      `BANDWIDTH=${rendition.bandwidth}`,
      `AVERAGE-BANDWIDTH=${rendition.averageBandwidth}`,
      `CODECS="${rendition.codecs}"`,
    ];
    if (rendition.width > 0) {
      attributes.push(
        `RESOLUTION=${rendition.width}x${rendition.height}`,
        `FRAME-RATE=${rendition.frameRate.toFixed(3)}`,
      );
    }
    if (subtitles.length > 0) attributes.push('SUBTITLES="subs"');
    lines.push(`#EXT-X-STREAM-INF:${attributes.join(',')}`, rendition.uri);
  }
  return `${lines.join('\n')}\n`;
}

/** Returns a media playlist with one WebVTT segment that covers the whole title. */
export function subtitlePlaylist(vttUri: string, duration: number): string {
  const seconds = Math.max(duration, 0.001);
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${Math.max(1, Math.ceil(seconds))}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    `#EXTINF:${seconds.toFixed(3)},`,
    vttUri,
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}

/**
 * Returns a media playlist whose TARGETDURATION is at least 1 and at least
 * every EXTINF rounded to the nearest integer, as RFC 8216 requires.
 */
export function withTargetDuration(text: string): string {
  const longest = Math.max(0, ...parseMediaPlaylist(text).map((segment) => segment.duration));
  return text.replace(/^#EXT-X-TARGETDURATION:(\d+)/m, (_line, current: string) => {
    const target = Math.max(1, Number(current), Math.round(longest));
    return `#EXT-X-TARGETDURATION:${target}`;
  });
}

/** Returns the URI of the init segment (`#EXT-X-MAP`) of a media playlist, if it has one. */
export function initSegmentOf(text: string): string | undefined {
  return /^#EXT-X-MAP:URI="([^"]+)"/m.exec(text)?.[1];
}

export interface MediaSegment {
  duration: number;
  uri: string;
}

/** Reads the segments of a media playlist that ffmpeg wrote. */
export function parseMediaPlaylist(text: string): MediaSegment[] {
  const segments: MediaSegment[] = [];
  let duration: number | undefined;
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice(8));
    else if (line && !line.startsWith('#') && duration !== undefined) {
      segments.push({ duration, uri: line });
      duration = undefined;
    }
  }
  return segments;
}
