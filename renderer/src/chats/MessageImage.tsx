import { useRef, useState } from 'react';
import type { ImageInfo } from '../../../shared/api.ts';
import { Modal } from '../components/Modal.tsx';
import { useImageUrl } from '../components/use-image-url.ts';
import type { CoreClient } from '../core/connection.ts';

// Thumbnails fit this box; the viewer shows the picture as large as the window allows.
const THUMB_WIDTH = 280;
const THUMB_HEIGHT = 320;

function thumbSize({ width, height }: ImageInfo): { width?: number; height?: number } {
  if (width <= 0 || height <= 0) return {};
  const scale = Math.min(1, THUMB_WIDTH / width, THUMB_HEIGHT / height);
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/**
 * An image message's picture: fetched once through `messages.image`, shown from a blob: URL
 * (revoked when the bubble goes), and opened large in a dialog on click.
 */
export function MessageImage({
  client,
  messageId,
  image,
}: {
  client: CoreClient;
  messageId: string;
  image: ImageInfo;
}) {
  const { url, failed } = useImageUrl(() => client.call('messages.image', { messageId }), messageId);
  const [open, setOpen] = useState(false);

  const size = thumbSize(image);
  if (failed) return <em className="image-missing">Image not available</em>;
  if (!url)
    return (
      <span className="image-loading" role="img" aria-label="Loading image" style={size}>
        Loading image…
      </span>
    );
  return (
    <>
      <button type="button" className="image-thumb" aria-label="View image" onClick={() => setOpen(true)}>
        <img src={url} alt="Shared in the chat" data-testid="message-image" {...size} />
      </button>
      {open && <ImageViewer url={url} image={image} onClose={() => setOpen(false)} />}
    </>
  );
}

/** The picture at full size in a modal dialog; Esc or the Close button close it (focus goes back). */
export function ImageViewer({ url, image, onClose }: { url: string; image: ImageInfo; onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  return (
    <Modal label="Image" className="dialog image-viewer card" initialFocus={close} onClose={onClose}>
      <img src={url} alt="Full size" />
      <div className="actions">
        <span className="muted">
          {image.width > 0 && `${image.width} × ${image.height} · `}
          {image.format.toUpperCase()} · {Math.ceil(image.bytes / 1024)} KiB
        </span>
        <button type="button" ref={close} onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
