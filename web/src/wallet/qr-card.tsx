import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

const SIZE = 184;

/** The membership card's QR code as an SVG image; its box is sized up front so nothing jumps. */
export function QrCode({ payload, alt }: { payload: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    QRCode.toString(payload, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then((svg) => {
      if (current) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      current = false;
    };
  }, [payload]);
  return <div className="qr">{src ? <img src={src} alt={alt} width={SIZE} height={SIZE} /> : null}</div>;
}
