import type { RefObject } from 'react';
import { IMAGE_ACCEPT } from '../chats/image-prepare.ts';

/**
 * A hidden file input for one picture (PNG, JPEG, WEBP, GIF), opened by a visible button through
 * `inputRef.current.click()`. It hands over the chosen file and forgets it, so that picking the
 * same file again still counts.
 */
export function ImageFileInput({
  inputRef,
  label,
  onFile,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  label: string;
  onFile: (file: File) => void;
}) {
  return (
    <input
      ref={inputRef}
      type="file"
      accept={IMAGE_ACCEPT}
      aria-label={label}
      className="visually-hidden"
      tabIndex={-1}
      onChange={(e) => {
        const file = e.target.files?.[0];
        e.target.value = '';
        if (file) onFile(file);
      }}
    />
  );
}
