// Map styles: each field its own colour AND its own line pattern or label, so colour is never the only cue.
import type { FeatureLike } from 'ol/Feature.js';
import { Circle as CircleStyle, Fill, Stroke, Style, Text } from 'ol/style.js';

const palette = [
  { stroke: '#1d4ed8', fill: 'rgba(29,78,216,0.08)', dash: undefined as number[] | undefined },
  { stroke: '#b45309', fill: 'rgba(180,83,9,0.18)', dash: [8, 4] },
  { stroke: '#9f1239', fill: 'rgba(159,18,57,0.15)', dash: [3, 3] },
];

export function fieldStyle(index: number, label: string, selected: boolean) {
  const p = palette[index % palette.length];
  return (feature: FeatureLike) => {
    const name = (feature.get('label') as string | undefined) ?? label;
    return new Style({
      stroke: new Stroke({
        color: p.stroke,
        width: selected || feature.get('selected') ? 3.5 : 2,
        lineDash: p.dash,
      }),
      fill: new Fill({ color: p.fill }),
      image: new CircleStyle({
        radius: 6,
        fill: new Fill({ color: p.fill }),
        stroke: new Stroke({ color: p.stroke, width: 2 }),
      }),
      text: new Text({
        text: name,
        font: '600 12px system-ui, sans-serif',
        fill: new Fill({ color: '#111827' }),
        stroke: new Stroke({ color: '#ffffff', width: 3 }),
        overflow: true,
      }),
    });
  };
}

export const vertexStyle = new Style({
  image: new CircleStyle({
    radius: 4,
    fill: new Fill({ color: '#ffffff' }),
    stroke: new Stroke({ color: '#111827', width: 1.5 }),
  }),
});

export function edgeLabelStyle(text: string, picked: boolean) {
  return new Style({
    stroke: new Stroke({ color: picked ? '#047857' : 'rgba(0,0,0,0)', width: picked ? 5 : 10 }),
    text: new Text({
      text,
      font: '600 11px system-ui, sans-serif',
      placement: 'point',
      fill: new Fill({ color: picked ? '#065f46' : '#374151' }),
      backgroundFill: new Fill({ color: 'rgba(255,255,255,0.85)' }),
      padding: [1, 3, 1, 3],
    }),
  });
}

/** Placements: the selected one bold, an invalid preview red AND hatched-dashed (its label says why). */
export function placementStyle(
  rank: number,
  opts: { selected: boolean; hovered: boolean; invalid: boolean; compare: boolean },
) {
  const color = opts.invalid ? '#b91c1c' : opts.selected ? '#047857' : opts.compare ? '#7c3aed' : '#b45309';
  return new Style({
    stroke: new Stroke({
      color,
      width: opts.selected || opts.hovered ? 3.5 : 1.5,
      lineDash: opts.invalid ? [6, 4] : undefined,
    }),
    fill: new Fill({
      color: opts.invalid
        ? 'rgba(185,28,28,0.25)'
        : opts.selected
          ? 'rgba(4,120,87,0.25)'
          : 'rgba(180,83,9,0.10)',
    }),
    zIndex: opts.selected ? 10 : opts.hovered ? 5 : rank === 1 ? 2 : 1,
  });
}

/**
 * A placement's rank label, on a layer of its own that OpenLayers declutters: overlapping placements
 * (neighbours often are) never stack their labels into an unreadable blot. The label drawn on top (highest
 * zIndex) wins a collision: the selected one, then the hovered one, then by rank (#1 first); every rank
 * stays in the table.
 */
export function placementLabelStyle(
  rank: number,
  opts: { selected: boolean; hovered: boolean; invalid: boolean },
) {
  return new Style({
    text: new Text({
      text: opts.invalid ? `#${rank} ✕ invalid` : `#${rank}`,
      font: `${opts.selected ? 700 : 600} 13px system-ui, sans-serif`,
      fill: new Fill({ color: '#111827' }),
      stroke: new Stroke({ color: '#ffffff', width: 3 }),
      padding: [2, 2, 2, 2],
      overflow: true,
    }),
    zIndex: opts.selected ? 100_002 : opts.hovered ? 100_001 : 100_000 - rank,
  });
}
