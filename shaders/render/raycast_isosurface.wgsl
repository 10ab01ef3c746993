// Ray-cast the iso-surface field = level of a 3D scalar field into a screen-space RGBA8 image, drawn
// by three.js as a full-screen layer under the box outline. Region field >= level is shown as a solid:
//   ray      pixel centre -> NDC (x, y) in [-1, 1], unprojected at depth 0 and 1 with invViewProj
//            (three's WebGPU clip space: depth in [0, 1]); image row 0 is the bottom of the screen
//   box      the domain is [-boxHalf, boxHalf] (longest side 1); slab test gives [tEnter, tExit]
//   sample   trilinear interpolation, periodic, cells centred at (i + 1/2) / n of each side
//   march    from tEnter in steps of stepLength (half a cell); the first sign change of
//            (value - level) is refined by linear interpolation (secant) between the two samples
//   shading  normal = -grad(field) (central differences, one cell apart), headlight Lambert
//            shade = ambient + (1 - ambient) |n . ray|; surface colour surfaceColor
//   caps     a ray that enters the box inside the solid shows the cut face: the colormap colour of
//            the value there (lut, range), shaded by the face normal
// Pixels whose ray misses the box or the surface get alpha 0.
//
// Bindings: 0 field (storage, read; x fastest), 1 lut (storage, read, colormap control points),
//           2 params (uniform IsoParams, generated from src/viewport/isosurfaceImage.ts),
//           3 image (storage texture rgba8unorm, write; size outSize).
// Invariants: reads only; every texel written exactly once.

override WORKGROUP_X: u32 = 8u;
override WORKGROUP_Y: u32 = 8u;

@group(0) @binding(0) var<storage, read> field: array<f32>;
@group(0) @binding(1) var<storage, read> lut: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> params: IsoParams;
@group(0) @binding(3) var image: texture_storage_2d<rgba8unorm, write>;

fn wrap(i: i32, n: i32) -> i32 {
  return ((i % n) + n) % n;
}

fn cell(i: vec3<i32>) -> f32 {
  let n = vec3<i32>(params.cells);
  let w = vec3<i32>(wrap(i.x, n.x), wrap(i.y, n.y), wrap(i.z, n.z));
  return field[u32(w.x) + params.cells.x * (u32(w.y) + params.cells.y * u32(w.z))];
}

// Field value at world position p (inside or near the box), trilinear and periodic.
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

fn gradient(p: vec3<f32>) -> vec3<f32> {
  let h = 2.0 * params.boxHalf / vec3<f32>(params.cells); // one cell along each axis
  return vec3<f32>(
    sample(p + vec3<f32>(h.x, 0.0, 0.0)) - sample(p - vec3<f32>(h.x, 0.0, 0.0)),
    sample(p + vec3<f32>(0.0, h.y, 0.0)) - sample(p - vec3<f32>(0.0, h.y, 0.0)),
    sample(p + vec3<f32>(0.0, 0.0, h.z)) - sample(p - vec3<f32>(0.0, 0.0, h.z)),
  ) / (2.0 * h);
}

fn lookup(t: f32) -> vec4<f32> {
  let count = arrayLength(&lut);
  let x = clamp(t, 0.0, 1.0) * f32(count - 1u);
  let i = min(u32(floor(x)), count - 2u);
  return mix(lut[i], lut[i + 1u], x - f32(i));
}

fn shade(normal: vec3<f32>, dir: vec3<f32>) -> f32 {
  return params.ambient + (1.0 - params.ambient) * abs(dot(normal, dir));
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

  // Slab test; a zero direction component gives +-inf, which min/max handle.
  let inv = 1.0 / dir;
  let ta = (-params.boxHalf - origin) * inv;
  let tb = (params.boxHalf - origin) * inv;
  let tEnter = max(max(max(min(ta.x, tb.x), min(ta.y, tb.y)), min(ta.z, tb.z)), 0.0);
  let tExit = min(min(max(ta.x, tb.x), max(ta.y, tb.y)), max(ta.z, tb.z));
  if (!(tExit > tEnter)) {
    textureStore(image, texel, vec4<f32>(0.0));
    return;
  }

  var t = tEnter;
  var p = origin + dir * t;
  var previous = sample(p);
  if (previous >= params.level) {
    // Cap: the ray enters inside the solid; the face it enters through is the axis where |p| / boxHalf is largest.
    let q = abs(p) / params.boxHalf;
    var normal = vec3<f32>(0.0, 0.0, 1.0);
    if (q.x >= q.y && q.x >= q.z) {
      normal = vec3<f32>(1.0, 0.0, 0.0);
    } else if (q.y >= q.z) {
      normal = vec3<f32>(0.0, 1.0, 0.0);
    }
    let span = params.range.y - params.range.x;
    let colour = lookup(select(0.5, (previous - params.range.x) / span, span > 0.0));
    textureStore(image, texel, vec4<f32>(colour.rgb * shade(normal, dir), 1.0));
    return;
  }
  for (var i = 0u; i < params.maxSteps; i = i + 1u) {
    let tNext = min(t + params.stepLength, tExit);
    let pNext = origin + dir * tNext;
    let value = sample(pNext);
    if (value >= params.level) {
      let tHit = t + (tNext - t) * (params.level - previous) / max(value - previous, 1e-30);
      let hit = origin + dir * tHit;
      let g = gradient(hit);
      let normal = select(-dir, -normalize(g), dot(g, g) > 0.0);
      textureStore(image, texel, vec4<f32>(params.surfaceColor.rgb * shade(normal, dir), 1.0));
      return;
    }
    if (tNext >= tExit) {
      break;
    }
    t = tNext;
    previous = value;
  }
  textureStore(image, texel, vec4<f32>(0.0));
}
