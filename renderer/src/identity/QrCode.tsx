import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

/** The dark modules of a QR code (error correction M) for `text`. */
export function qrModules(text: string): { size: number; dark: Array<[number, number]> } {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const size = qr.getModuleCount();
  const dark: Array<[number, number]> = [];
  for (let row = 0; row < size; row += 1) {
    for (let col = 0; col < size; col += 1) if (qr.isDark(row, col)) dark.push([row, col]);
  }
  return { size, dark };
}

export function QrCode({ text, pixels = 160, label }: { text: string; pixels?: number; label: string }) {
  const { size, dark } = useMemo(() => qrModules(text), [text]);
  const quiet = 4;
  const view = size + quiet * 2;
  return (
    <svg width={pixels} height={pixels} viewBox={`0 0 ${view} ${view}`} role="img" aria-label={label} className="qr">
      <rect width={view} height={view} fill="#fff" />
      <path
        fill="#000"
        d={dark.map(([row, col]) => `M${col + quiet} ${row + quiet}h1v1h-1z`).join('')}
        shapeRendering="crispEdges"
      />
    </svg>
  );
}
