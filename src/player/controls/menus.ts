/** The quality, subtitles and speed menus. */
import type { TemplateResult } from 'lit';
import type { EngineLevel, EngineSubtitleTrack } from '../engine/index.js';
import { captionsIcon, settingsIcon, speedIcon } from './icons.js';
import { renderMenu, type MenuName } from './menu.js';

/** Playback rates offered by the speed menu. */
export const PLAYBACK_RATES = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;

type Toggle = (name: MenuName | null) => void;

export interface QualityMenuState {
  levels: readonly EngineLevel[];
  /** Index of the level playing now, or -1. */
  currentLevel: number;
  /** Height of the rendition playing, or null; the only height known without levels. */
  currentHeight: number | null;
  autoLevel: boolean;
  openMenu: MenuName | null;
  toggle: Toggle;
  setLevel(index: number): void;
}

/**
 * Renders the quality menu: Auto, labelled with the height in use, then
 * each rung from the highest down. Without levels it offers only Auto.
 */
export function renderQualityMenu(state: QualityMenuState): TemplateResult {
  const height = state.levels[state.currentLevel]?.height ?? state.currentHeight;
  const autoLabel = height ? `Auto (${height}p)` : 'Auto';
  const rungs = [...state.levels].sort((a, b) => b.height - a.height || b.bitrate - a.bitrate);
  return renderMenu({
    name: 'quality',
    label: 'Quality',
    valueText: state.autoLevel ? autoLabel : `${height ?? '?'}p`,
    icon: settingsIcon,
    open: state.openMenu === 'quality',
    toggle: state.toggle,
    items: [
      { label: autoLabel, checked: state.autoLevel, select: () => state.setLevel(-1) },
      ...rungs.map((level) => ({
        label: `${level.height}p`,
        checked: !state.autoLevel && level.index === state.currentLevel,
        select: () => state.setLevel(level.index),
      })),
    ],
  });
}

export interface SubtitlesMenuState {
  tracks: readonly EngineSubtitleTrack[];
  /** Index of the shown track, or -1. */
  current: number;
  openMenu: MenuName | null;
  toggle: Toggle;
  setTrack(index: number): void;
}

/** Renders the subtitles menu: Off, then each track by its rendition name. */
export function renderSubtitlesMenu(state: SubtitlesMenuState): TemplateResult {
  const shown = state.tracks.find((track) => track.index === state.current);
  return renderMenu({
    name: 'subtitles',
    label: 'Subtitles',
    valueText: shown ? shown.language.toUpperCase() || shown.name : 'Off',
    icon: captionsIcon,
    open: state.openMenu === 'subtitles',
    toggle: state.toggle,
    items: [
      { label: 'Off', checked: !shown, select: () => state.setTrack(-1) },
      ...state.tracks.map((track) => ({
        label: track.name || track.language,
        checked: track.index === state.current,
        select: () => state.setTrack(track.index),
      })),
    ],
  });
}

export interface SpeedMenuState {
  rate: number;
  openMenu: MenuName | null;
  toggle: Toggle;
  setRate(rate: number): void;
}

/** Renders the speed menu with the rates of `PLAYBACK_RATES`. */
export function renderSpeedMenu(state: SpeedMenuState): TemplateResult {
  return renderMenu({
    name: 'speed',
    label: 'Speed',
    valueText: `${state.rate}×`,
    icon: speedIcon,
    open: state.openMenu === 'speed',
    toggle: state.toggle,
    items: PLAYBACK_RATES.map((rate) => ({
      label: rate === 1 ? 'Normal' : `${rate}×`,
      checked: rate === state.rate,
      select: () => state.setRate(rate),
    })),
  });
}
