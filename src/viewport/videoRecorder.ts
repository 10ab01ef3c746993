/**
 * Video of a run: the view canvas is captured after each render (a `VideoFrame` made from the WebGPU
 * canvas in the same task as the render that drew it), encoded with WebCodecs' `VideoEncoder` and
 * multiplexed into a WebM file (VP9 or VP8) by Mediabunny, or into MP4 when only H.264 is offered.
 * Timestamps are the wall-clock times of the renders, so the video plays at the speed the run was
 * seen (at most MAX_FPS frames per second are kept).
 */
import { BufferTarget, EncodedPacket, EncodedVideoPacketSource, Mp4OutputFormat, Output, WebMOutputFormat } from 'mediabunny';

/** One encoder choice: the WebCodecs codec string, Mediabunny's codec name, and the container. */
export interface VideoFormat {
  codec: string;
  track: 'vp9' | 'vp8' | 'avc';
  container: 'webm' | 'mp4';
}

/** In order of preference: open WebM codecs first, H.264 in MP4 as a fallback. */
export const VIDEO_FORMATS: readonly VideoFormat[] = [
  { codec: 'vp09.00.10.08', track: 'vp9', container: 'webm' },
  { codec: 'vp8', track: 'vp8', container: 'webm' },
  { codec: 'avc1.640033', track: 'avc', container: 'mp4' },
];

const MAX_FPS = 30;
const KEYFRAME_INTERVAL_US = 2_000_000;
/** Frames waiting in the encoder beyond which new frames are dropped (a slow software encoder). */
const MAX_QUEUE = 4;
const BITS_PER_PIXEL_SECOND = 4;

function evenFloor(n: number): number {
  return Math.max(2, Math.floor(n / 2) * 2);
}

/**
 * The first format the browser can encode at this size, or a sentence saying why there is none
 * (no WebCodecs at all, or no supported codec).
 */
export async function chooseVideoFormat(width: number, height: number): Promise<VideoFormat | string> {
  if (typeof VideoEncoder === 'undefined' || typeof VideoFrame === 'undefined') {
    return 'Video recording needs WebCodecs (VideoEncoder), which this browser does not offer.';
  }
  for (const format of VIDEO_FORMATS) {
    try {
      const support = await VideoEncoder.isConfigSupported({ codec: format.codec, width: evenFloor(width), height: evenFloor(height), bitrate: 4e6, framerate: MAX_FPS });
      if (support.supported) return format;
    } catch {
      // an unknown codec string: try the next one
    }
  }
  return `Video recording: this browser's VideoEncoder offers none of ${VIDEO_FORMATS.map((f) => f.track.toUpperCase()).join(', ')}.`;
}

export interface Recording {
  blob: Blob;
  format: VideoFormat;
  frames: number;
  seconds: number;
}

export class VideoRecorder {
  /** Frames encoded so far, and frames dropped (encoder busy, canvas resized). */
  frames = 0;
  dropped = 0;
  private readonly encoder: VideoEncoder;
  private readonly output: Output<WebMOutputFormat | Mp4OutputFormat, BufferTarget>;
  private readonly source: EncodedVideoPacketSource;
  private readonly width: number;
  private readonly height: number;
  private startMs: number | undefined;
  private lastUs = -Infinity;
  private lastKeyUs = -Infinity;
  private writing: Promise<void> = Promise.resolve();
  private error: Error | undefined;
  private stopped = false;

  private constructor(
    private readonly canvas: HTMLCanvasElement,
    readonly format: VideoFormat,
  ) {
    this.width = evenFloor(canvas.width);
    this.height = evenFloor(canvas.height);
    this.output = new Output({ format: format.container === 'webm' ? new WebMOutputFormat() : new Mp4OutputFormat({ fastStart: 'in-memory' }), target: new BufferTarget() });
    this.source = new EncodedVideoPacketSource(format.track);
    this.output.addVideoTrack(this.source, { frameRate: MAX_FPS });
    this.encoder = new VideoEncoder({
      output: (chunk, meta) => {
        const packet = EncodedPacket.fromEncodedChunk(chunk);
        this.writing = this.writing.then(() => this.source.add(packet, meta));
        this.writing.catch((e: unknown) => (this.error ??= e as Error));
      },
      error: (e) => (this.error ??= e),
    });
    this.encoder.configure({
      codec: format.codec,
      width: this.width,
      height: this.height,
      bitrate: Math.round(BITS_PER_PIXEL_SECOND * this.width * this.height),
      framerate: MAX_FPS,
      latencyMode: 'realtime',
    });
  }

  /** Start recording `canvas` in the best format available; throws with a readable message when there is none. */
  static async start(canvas: HTMLCanvasElement): Promise<VideoRecorder> {
    const format = await chooseVideoFormat(canvas.width, canvas.height);
    if (typeof format === 'string') throw new Error(format);
    const recorder = new VideoRecorder(canvas, format);
    await recorder.output.start();
    return recorder;
  }

  /** Seconds recorded so far. */
  get seconds(): number {
    return Math.max(0, this.lastUs) / 1e6;
  }

  /** Call right after a render of the canvas, in the same task; `nowMs` is the frame's time. */
  capture(nowMs: number): void {
    if (this.stopped || this.error) return;
    this.startMs ??= nowMs;
    const us = Math.round((nowMs - this.startMs) * 1000);
    if (us - this.lastUs < 1e6 / MAX_FPS - 1000) return;
    if (this.encoder.encodeQueueSize > MAX_QUEUE || evenFloor(this.canvas.width) !== this.width || evenFloor(this.canvas.height) !== this.height) {
      this.dropped++;
      return;
    }
    const frame = new VideoFrame(this.canvas, { timestamp: us, visibleRect: { x: 0, y: 0, width: this.width, height: this.height } });
    const keyFrame = us - this.lastKeyUs >= KEYFRAME_INTERVAL_US;
    if (keyFrame) this.lastKeyUs = us;
    this.encoder.encode(frame, { keyFrame });
    frame.close();
    this.lastUs = us;
    this.frames++;
  }

  /** Finish the file: flush the encoder, close the container. */
  async stop(): Promise<Recording> {
    this.stopped = true;
    if (this.frames === 0) {
      this.encoder.close();
      await this.output.cancel();
      throw new Error('No frame was recorded.');
    }
    await this.encoder.flush();
    this.encoder.close();
    await this.writing;
    if (this.error) {
      await this.output.cancel();
      throw new Error(`Video recording failed: ${this.error.message}`);
    }
    await this.output.finalize();
    const buffer = this.output.target.buffer;
    if (!buffer) throw new Error('Video recording produced no data.');
    const type = this.format.container === 'webm' ? 'video/webm' : 'video/mp4';
    return { blob: new Blob([buffer], { type }), format: this.format, frames: this.frames, seconds: this.seconds };
  }

  /** Abandon the recording (scene change, page closing). */
  cancel(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.encoder.state !== 'closed') this.encoder.close();
    void this.output.cancel();
  }
}
