// The rules for image messages (ChatMessage content type IMAGE, status-go's ImageMessage): the
// format is sniffed from the bytes, never taken from what a sender declares; the pixel size is
// read from the image's own header; nothing above MAX_IMAGE_BYTES goes out or is accepted.
import { type ImageFormat as FormatName, type ImageInfo, MAX_IMAGE_BYTES } from '../../../shared/api.ts';
import { CodedError } from '../../../shared/coded-error.ts';
import { IMAGE_MIME_TYPES, readImageHeader } from '../../../shared/image-header.ts';
import { ImageFormat, type protobuf } from '../../wire/proto.ts';

type IImageMessage = protobuf.IImageMessage;

export type ImageErrorCode = 'NOT_AN_IMAGE' | 'TOO_LARGE';
/** An image we were asked to send that cannot go out. */
export class ImageError extends CodedError<ImageErrorCode> {}

/** Why a received image message was refused: each is counted. */
export type ImageRejection = 'image-too-large' | 'image-not-an-image' | 'image-format-mismatch';

const WIRE_FORMAT: Record<FormatName, ImageFormat> = {
  png: ImageFormat.PNG,
  jpeg: ImageFormat.JPEG,
  webp: ImageFormat.WEBP,
  gif: ImageFormat.GIF,
};

/** What we store and show of an image, its bytes included. */
export interface CheckedImage extends ImageInfo {
  data: Uint8Array;
}

export const wireFormatOf = (format: FormatName): ImageFormat => WIRE_FORMAT[format];
export const mimeTypeOf = (format: FormatName): string => IMAGE_MIME_TYPES[format];

function checked(data: Uint8Array, maxBytes = MAX_IMAGE_BYTES): CheckedImage | ImageRejection {
  if (data.length > maxBytes) return 'image-too-large';
  const header = readImageHeader(data);
  if (!header) return 'image-not-an-image';
  return { ...header, bytes: data.length, data };
}

/** What a picture is (format sniffed, pixel size), or null when it is none we show or too big. */
export function imageInfoOf(data: Uint8Array, maxBytes = MAX_IMAGE_BYTES): ImageInfo | null {
  const result = checked(data, maxBytes);
  if (typeof result === 'string') return null;
  const { data: _bytes, ...info } = result;
  return info;
}

/** An image we are about to send; throws ImageError when it is not one we may send. */
export function checkOutgoingImage(data: Uint8Array, maxBytes = MAX_IMAGE_BYTES): CheckedImage {
  const result = checked(data, maxBytes);
  if (result === 'image-too-large')
    throw new ImageError('TOO_LARGE', `image is larger than ${Math.floor(maxBytes / 1024)} KiB`);
  if (result === 'image-not-an-image') throw new ImageError('NOT_AN_IMAGE', 'not a PNG, JPEG, WEBP or GIF image');
  return result as CheckedImage;
}

/**
 * A received ImageMessage: accepted only when its bytes are an image of the format it declares
 * (status-go checks only that payload and format are set; a mismatch is either a bug or a
 * disguise, and we show neither).
 */
export function checkIncomingImage(
  image: Pick<IImageMessage, 'payload' | 'format'> | null | undefined,
): CheckedImage | ImageRejection {
  const result = checked(image?.payload ?? new Uint8Array());
  if (typeof result === 'string') return result;
  return WIRE_FORMAT[result.format] === image?.format ? result : 'image-format-mismatch';
}

/** The ImageMessage we put on the wire for a checked image (no album: one image per message). */
export function imageMessageOf(image: CheckedImage): {
  payload: Uint8Array;
  format: ImageFormat;
  width: number;
  height: number;
} {
  return { payload: image.data, format: WIRE_FORMAT[image.format], width: image.width, height: image.height };
}
