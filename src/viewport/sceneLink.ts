/**
 * A link that reproduces what is on screen. The state lives in the URL fragment (never sent to a
 * server): `#scene=<bundled name>` for an unmodified bundled scene, `#json=<base64url UTF-8 JSON>` for
 * any other scene (loaded from a file or edited), plus the view settings `view=<quantity id>` and
 * `spf=<steps per frame>` (a number, or `auto`).
 */
export interface LinkState {
  /** Name of an unmodified bundled scene. */
  scene?: string;
  /** A full scene, when it is not an unmodified bundled one. */
  json?: unknown;
  view?: string;
  stepsPerFrame?: number | 'auto';
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The fragment (with its leading '#') for a state. */
export function encodeLinkFragment(state: LinkState): string {
  const params = new URLSearchParams();
  if (state.json !== undefined) params.set('json', toBase64Url(JSON.stringify(state.json)));
  else if (state.scene) params.set('scene', state.scene);
  if (state.view) params.set('view', state.view);
  if (state.stepsPerFrame !== undefined) params.set('spf', String(state.stepsPerFrame));
  return `#${params.toString()}`;
}

/** Parse a fragment ('#...' or ''); throws with a readable message when the embedded JSON is damaged. */
export function decodeLinkFragment(fragment: string): LinkState {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const state: LinkState = {};
  const json = params.get('json');
  if (json !== null) {
    try {
      state.json = JSON.parse(fromBase64Url(json));
    } catch (e) {
      throw new Error(`the link's scene could not be decoded (${(e as Error).message})`);
    }
  }
  const scene = params.get('scene');
  if (scene !== null && json === null) state.scene = scene;
  const view = params.get('view');
  if (view !== null) state.view = view;
  const spf = params.get('spf');
  if (spf === 'auto') state.stepsPerFrame = 'auto';
  else if (spf !== null && Number.isInteger(Number(spf)) && Number(spf) >= 1) state.stepsPerFrame = Number(spf);
  return state;
}
