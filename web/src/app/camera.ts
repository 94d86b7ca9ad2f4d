/** The phone's camera for the enrolment photo, the visit photo and the face proof's frames: a live preview
 * (getUserMedia) and a still taken from it as JPEG, or, where the browser gives no camera stream, the system
 * camera through a file input. Frames are taken as the camera sees them, never mirrored: the face service reads
 * left and right turns from them. */

// The service takes at most 4 MiB an image; a 1280 px JPEG at this quality is 150-400 KB, light to queue and send.
const MAX_SIDE = 1280;
const JPEG_QUALITY = 0.85;

export type CameraFacing = "user" | "environment";

/** Why there is no live camera: the agent is told which (and the file input is offered instead). */
export type CameraProblem = "camera_unsupported" | "camera_denied" | "camera_unavailable";

export async function openCamera(facing: CameraFacing): Promise<MediaStream | CameraProblem> {
  if (!navigator.mediaDevices?.getUserMedia) return "camera_unsupported";
  try {
    return await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: facing }, width: { ideal: 1280 }, height: { ideal: 960 } },
      audio: false,
    });
  } catch (error) {
    const name = error instanceof DOMException ? error.name : "";
    return name === "NotAllowedError" || name === "SecurityError" ? "camera_denied" : "camera_unavailable";
  }
}

export function closeCamera(stream: MediaStream | null): void {
  stream?.getTracks().forEach((track) => track.stop());
}

// How long a still waits for the preview to present a frame before it is taken anyway (and checked).
const FRAME_WAIT_MS = 1_000;

/** A still from the live preview, as a JPEG blob, at most MAX_SIDE on its longer side. */
export async function captureFrame(video: HTMLVideoElement): Promise<Blob> {
  await framePresented(video);
  return toJpeg(video, video.videoWidth, video.videoHeight);
}

/** Waits until the preview has presented a frame: Chromium pauses a muted preview while it is scrolled out of view,
 * and a still drawn from a video with no frame on screen is an empty (black) picture, whatever its readyState. */
async function framePresented(video: HTMLVideoElement): Promise<void> {
  if (video.paused) await video.play().catch(() => undefined);
  if (typeof video.requestVideoFrameCallback !== "function") return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, FRAME_WAIT_MS);
    video.requestVideoFrameCallback(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A photo from the file input (any format the browser decodes) re-encoded as a JPEG within MAX_SIDE. */
export async function fileToJpeg(file: File): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  try {
    return await toJpeg(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}

async function toJpeg(source: CanvasImageSource, width: number, height: number): Promise<Blob> {
  if (!width || !height) throw new Error("the camera has not given a picture yet");
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext("2d");
  if (context === null) throw new Error("no 2d canvas");
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  // Nothing drawn leaves the canvas transparent (a dark room is opaque black): that is no photo, and the agent is
  // asked to take it again rather than the county receiving a black picture.
  const middle = context.getImageData(0, Math.floor(canvas.height / 2), canvas.width, 1).data;
  if (!middle.some((value, index) => index % 4 === 3 && value !== 0)) throw new Error("the camera gave no picture");
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("no JPEG encoder"))), "image/jpeg", JPEG_QUALITY),
  );
}

/** A blob as the standard base64 (padded, no line breaks) the gateway's image fields take. */
export async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = "";
  // In slices: String.fromCharCode with a whole photo's bytes as arguments overflows the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
