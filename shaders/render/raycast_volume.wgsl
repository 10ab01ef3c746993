// Direct volume rendering of a 3D scalar field into a screen-space RGBA8 image (emission-absorption
// model, Max 1995, "Optical models for direct volume rendering", IEEE TVCG 1(2); front-to-back
// compositing with early ray termination, Engel et al. 2006, "Real-Time Volume Graphics", ch. 1 and 7).
//   ray       pixel centre -> NDC (x, y) in [-1, 1], unprojected at depth 0 and 1 with invViewProj
//             (three's WebGPU clip space: depth in [0, 1]); image row 0 is the bottom of the screen
//   box       the domain is [-boxHalf, boxHalf] (longest side 1); slab test gives [tEnter, tExit]
//   sample    trilinear interpolation, periodic, cells centred at (i + 1/2) / n of each side, taken at
//             the midpoints of steps of stepLength (the last step is shortened to end at tExit)
//   transfer  t = clamp((v - offset - range.x) / (range.y - range.x), 0, 1);
//             colour = lut(t) (the view's colormap, sRGB control points, linear in between);
//             opacity ramp w(t): sequential maps (ramp = 0) w = clamp((t - rampStart) / (1 - rampStart), 0, 1),
//             so low values are clear and high values dense; diverging maps (ramp = 1) w = |2t - 1|,
//             so values near zero are clear and both signs dense
//   opacity   of a step of length ds: alpha = 1 - exp(-density * w(t) * ds) (Beer-Lambert; the
//             same medium looks the same whatever the step length)
//   composite front to back: C += (1 - A) alpha colour, A += (1 - A) alpha; stop when A > 0.995;
//             finally C += (1 - A) background, written with alpha 1 (rays that miss the box: background)
//
// Bindings: 0 field (storage, read; x fastest), 1 lut (storage, read, colormap control points),
//           2 params (uniform VolumeParams, generated from src/viewport/volumeRenderer.ts),
//           3 image (storage texture rgba8unorm, write; size outSize).
// Invariants: reads only; every texel written exactly once; output colour within [0, 1] (a convex
// combination of colormap colours and the background).

override WORKGROUP_X: u32 = 8u;
override WORKGROUP_Y: u32 = 8u;

const OPAQUE: f32 = 0.995;

@group(0) @binding(0) var<storage, read> field: array<f32>;
@group(0) @binding(1) var<storage, read> lut: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> params: VolumeParams;
@group(0) @binding(3) var image: texture_storage_2d<rgba8unorm, write>;

fn wrap(i: i32, n: i32) -> i32 {
  return ((i % n) + n) % n;
}

fn cell(i: vec3<i32>) -> f32 {
  let n = vec3<i32>(params.cells);
  let w = vec3<i32>(wrap(i.x, n.x), wrap(i.y, n.y), wrap(i.z, n.z));
  return field[u32(w.x) + params.cells.x * (u32(w.y) + params.cells.y * u32(w.z))];
}

// Field value at world position p (inside the box), trilinear and periodic.
fn sample(p: vec3<f32>) -> f32 {
  let g = (p + params.boxHalf) / (2.0 * params.boxHalf) * vec3<f32>(params.cells) - 0.5;
  let b = floor(g);
  let f = g - b;
  let i = vec3<i32>(b);
  let c00 = mix(cell(i), cell(i + vec3<i32>(1, 0, 0)), f.x);
  let c10 = mix(cell(i + vec3<i32>(0, 1, 0)), cell(i + vec3<i32>(1, 1, 0)), f.x);
  let c01 = mix(cell(i + vec3<i32>(0, 0, 1)), cell(i + vec3<i32>(1, 0, 1)), f.x);
  let c11 = mix(cell(i + vec3<i32>(0, 1, 1)), cell(i + vec3<i32>(1, 1, 1)), f.x);
  return mix(mix(c00, c10, f.y), mix(c01, c11, f.y), f.z);
}

fn lookup(t: f32) -> vec4<f32> {
  let count = arrayLength(&lut);
  let x = t * f32(count - 1u);
  let i = min(u32(floor(x)), count - 2u);
  return mix(lut[i], lut[i + 1u], x - f32(i));
}

fn opacityRamp(t: f32) -> f32 {
  if (params.ramp == 1u) {
    return abs(2.0 * t - 1.0);
  }
  return clamp((t - params.rampStart) / max(1.0 - params.rampStart, 1e-6), 0.0, 1.0);
}

@compute @workgroup_size(WORKGROUP_X, WORKGROUP_Y)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= params.outSize.x || gid.y >= params.outSize.y) {
    return;
  }
  let texel = vec2<i32>(gid.xy);
  let ndc = (vec2<f32>(gid.xy) + 0.5) / vec2<f32>(params.outSize) * 2.0 - 1.0;
  let invViewProj = mat4x4<f32>(params.invViewProj0, params.invViewProj1, params.invViewProj2, params.invViewProj3);
  let nearH = invViewProj * vec4<f32>(ndc, 0.0, 1.0);
  let farH = invViewProj * vec4<f32>(ndc, 1.0, 1.0);
  let origin = nearH.xyz / nearH.w;
  let dir = normalize(farH.xyz / farH.w - origin);

  let inv = 1.0 / dir;
  let ta = (-params.boxHalf - origin) * inv;
  let tb = (params.boxHalf - origin) * inv;
  let tEnter = max(max(max(min(ta.x, tb.x), min(ta.y, tb.y)), min(ta.z, tb.z)), 0.0);
  let tExit = min(min(max(ta.x, tb.x), max(ta.y, tb.y)), max(ta.z, tb.z));

  var colour = vec3<f32>(0.0);
  var opacity = 0.0;
  if (tExit > tEnter) {
    let span = params.range.y - params.range.x;
    var t = tEnter;
    for (var i = 0u; i < params.maxSteps; i = i + 1u) {
      let ds = min(params.stepLength, tExit - t);
      if (ds <= 0.0) {
        break;
      }
      let v = sample(origin + dir * (t + 0.5 * ds)) - params.offset;
      // NaN compares false everywhere: such samples are treated as clear (the slices mark them magenta).
      let u = select(0.5, clamp((v - params.range.x) / span, 0.0, 1.0), span > 0.0 && v == v);
      let alpha = 1.0 - exp(-params.density * opacityRamp(u) * ds);
      colour = colour + (1.0 - opacity) * alpha * lookup(u).rgb;
      opacity = opacity + (1.0 - opacity) * alpha;
      if (opacity > OPAQUE) {
        break;
      }
      t = t + ds;
    }
  }
  colour = colour + (1.0 - opacity) * params.background.rgb;
  textureStore(image, texel, vec4<f32>(clamp(colour, vec3<f32>(0.0), vec3<f32>(1.0)), 1.0));
}
