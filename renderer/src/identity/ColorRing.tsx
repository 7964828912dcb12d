import type { ReactNode } from 'react';
import { RING_COLORS } from './palette.ts';

/** One arc per colour-hash segment, clockwise from 3 o'clock, sized by its units (as status-go draws it). */
export function ringArcs(colorHash: Array<[number, number]>, radius: number, center: number) {
  const total = colorHash.reduce((sum, [units]) => sum + units, 0);
  let angle = 0;
  return colorHash.map(([units, color], index) => {
    const start = angle;
    angle += (2 * Math.PI * units) / total;
    const point = (a: number) =>
      `${(center + radius * Math.cos(a)).toFixed(3)} ${(center + radius * Math.sin(a)).toFixed(3)}`;
    const large = angle - start > Math.PI ? 1 : 0;
    return {
      key: index,
      color: RING_COLORS[color] ?? '#000000',
      d: `M ${point(start)} A ${radius} ${radius} 0 ${large} 1 ${point(angle)}`,
    };
  });
}

export function ColorRing({
  colorHash,
  size,
  children,
}: {
  colorHash: Array<[number, number]>;
  size: number;
  children?: ReactNode;
}) {
  const stroke = Math.max(2, size / 16);
  const radius = (size - stroke) / 2;
  return (
    <span className="ring" style={{ width: size, height: size }}>
      <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} aria-hidden="true" data-testid="color-ring">
        {ringArcs(colorHash, radius, size / 2).map((arc) => (
          <path key={arc.key} d={arc.d} stroke={arc.color} strokeWidth={stroke} fill="none" />
        ))}
      </svg>
      {children && (
        <span className="ring-inner" style={{ inset: stroke * 1.5 }}>
          {children}
        </span>
      )}
    </span>
  );
}
