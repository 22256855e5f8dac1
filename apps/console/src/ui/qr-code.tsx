import { encode } from 'uqr';

/**
 * A QR code as one SVG path: dark modules on white with the standard four-module quiet zone,
 * drawn crisp at any size so a phone camera (or a test's decoder) reads it from the screen.
 */
export function QrCode({ text, label, size = 232 }: { text: string; label: string; size?: number }) {
  const { data } = encode(text, { ecc: 'M', border: 4 });
  const modules = data.length;
  let path = '';
  data.forEach((row, y) => row.forEach((dark, x) => { if (dark) path += `M${x} ${y}h1v1h-1z`; }));
  return (
    <svg class="qr" role="img" aria-label={label} width={size} height={size}
      viewBox={`0 0 ${modules} ${modules}`} shape-rendering="crispEdges">
      <rect width={modules} height={modules} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
