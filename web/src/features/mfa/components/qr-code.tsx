import { useMemo } from "react";
import { encode } from "uqr";

import { qrPath } from "../qr-path";

type QrCodeProps = { value: string; label: string };

/**
 * A QR code drawn here in the browser: the secret never leaves the page. Dark on
 * white in both colour schemes, with the quiet zone scanners need.
 */
export function QrCode({ value, label }: QrCodeProps) {
  const { size, path } = useMemo(() => {
    const qr = encode(value, { ecc: "M", border: 4 });
    return { size: qr.size, path: qrPath(qr.data) };
  }, [value]);

  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      shapeRendering="crispEdges"
      className="h-52 w-52 shrink-0 rounded-lg border border-border"
    >
      <rect width={size} height={size} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}
