// Colormap a scalar f32 field into an RGBA8 image for display: a 2D field, or one axis-aligned slice
// of a 3D field. No equation is integrated here; the mapping is
//   p      = (texel + 1/2) / upsample - 1/2                    (position in cell units, cells centred on integers)
//   v      = bilinear interpolation of the field at p, periodic wrap (the solver's box is periodic)
//   t      = clamp((v - offset - range.x) / (range.y - range.x), 0, 1)
//   colour = lut(t), linear between the colormap's sRGB control points at t_i = i / (count - 1)
//            (the same interpolation as src/io/colormap.ts, so live view and PNG snapshots agree)
// then, when contourWidth > 0, the iso-line v = contourLevel is blended on top with an anti-aliased
// width: distance in texels d = |v - level| / |grad v| (gradient from central differences of the
// bilinear interpolant, half a texel apart), coverage = clamp(width/2 + 1/2 - d, 0, 1).
// When outlineWidth > 0, a second iso-line is drawn the same way from a second field on the same grid
// (outline; the particle indicator psi = outlineLevel marks the particle's surface), over the first.
// Non-finite values (detected from the bit pattern, which compilers cannot fold away) get nanColor.
//
// Image row r holds field row r: texel (0, 0) is the cell at the origin (three.js samples uv (0, 0)
// there, the bottom-left corner of the plane).
//
// Bindings: 0 field (storage, read; x fastest; cell (u, v) of the plane at sliceOffset + u strides.x + v strides.y),
//           1 lut (storage, read, count >= 2 control points, vec4 each),
//           2 params (uniform ColormapParams, generated from src/viewport/fieldColorizer.ts),
//           3 image (storage texture rgba8unorm, write; size outSize),
//           4 outline (storage, read; same layout as field; the field itself when there is no outline).
// Invariants: reads only; every texel of the image is written exactly once.

override WORKGROUP_X: u32 = 8u;
override WORKGROUP_Y: u32 = 8u;

@group(0) @binding(0) var<storage, read> field: array<f32>;
@group(0) @binding(1) var<storage, read> lut: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> params: ColormapParams;
@group(0) @binding(3) var image: texture_storage_2d<rgba8unorm, write>;
@group(0) @binding(4) var<storage, read> outline: array<f32>;

fn is_finite(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u;
}

fn wrap(i: i32, n: i32) -> u32 {
  return u32(((i % n) + n) % n);
}

// Field value of the cell (u, v) of the displayed plane, periodic in both plane axes. The plane is
// addressed by strides (computed on the CPU from the grid shape and the plane's axes), so one kernel
// serves the 2D field and the three slice orientations of a 3D field.
fn cell(u: i32, v: i32) -> f32 {
  let iu = wrap(u, i32(params.cells.x));
  let iv = wrap(v, i32(params.cells.y));
  return field[params.sliceOffset + iu * params.strides.x + iv * params.strides.y];
}

// Bilinear interpolant at position p (cell units, cell centres on integers).
fn bilinear(p: vec2<f32>) -> f32 {
  let base = floor(p);
  let f = p - base;
  let i = vec2<i32>(base);
  let a = cell(i.x, i.y);
  let b = cell(i.x + 1, i.y);
  let c = cell(i.x, i.y + 1);
  let d = cell(i.x + 1, i.y + 1);
  return mix(mix(a, b, f.x), mix(c, d, f.x), f.y);
}

fn outlineCell(u: i32, v: i32) -> f32 {
  let iu = wrap(u, i32(params.cells.x));
  let iv = wrap(v, i32(params.cells.y));
  return outline[params.sliceOffset + iu * params.strides.x + iv * params.strides.y];
}

fn outlineBilinear(p: vec2<f32>) -> f32 {
  let base = floor(p);
  let f = p - base;
  let i = vec2<i32>(base);
  let a = outlineCell(i.x, i.y);
  let b = outlineCell(i.x + 1, i.y);
  let c = outlineCell(i.x, i.y + 1);
  let d = outlineCell(i.x + 1, i.y + 1);
  return mix(mix(a, b, f.x), mix(c, d, f.x), f.y);
}

// Anti-aliased coverage of the iso-line value = level of width `width` texels, from the value and its
// difference over one texel.
fn lineCoverage(value: f32, level: f32, gradPerTexel: f32, width: f32) -> f32 {
  let distance = abs(value - level) / max(gradPerTexel, 1e-30);
  return clamp(0.5 * width + 0.5 - distance, 0.0, 1.0);
}

fn lookup(t: f32) -> vec4<f32> {
  let count = arrayLength(&lut);
  let x = clamp(t, 0.0, 1.0) * f32(count - 1u);
  let i = min(u32(floor(x)), count - 2u);
  return mix(lut[i], lut[i + 1u], x - f32(i));
}

@compute @workgroup_size(WORKGROUP_X, WORKGROUP_Y)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= params.outSize.x || gid.y >= params.outSize.y) {
    return;
  }
  let up = f32(params.upsample);
  let p = (vec2<f32>(gid.xy) + 0.5) / up - 0.5;
  let v = bilinear(p);
  if (!is_finite(v)) {
    textureStore(image, vec2<i32>(gid.xy), params.nanColor);
    return;
  }
  let span = params.range.y - params.range.x;
  var t = 0.5;
  if (span > 0.0) {
    t = (v - params.offset - params.range.x) / span;
  }
  var colour = lookup(t);
  if (params.contourWidth > 0.0) {
    let h = 0.5 / up;
    let gu = bilinear(p + vec2<f32>(h, 0.0)) - bilinear(p - vec2<f32>(h, 0.0));
    let gv = bilinear(p + vec2<f32>(0.0, h)) - bilinear(p - vec2<f32>(0.0, h));
    let gradPerTexel = length(vec2<f32>(gu, gv)); // difference over one texel
    let coverage = lineCoverage(v, params.contourLevel, gradPerTexel, params.contourWidth);
    colour = mix(colour, params.contourColor, coverage * params.contourColor.a);
  }
  if (params.outlineWidth > 0.0) {
    let h = 0.5 / up;
    let w = outlineBilinear(p);
    let gu = outlineBilinear(p + vec2<f32>(h, 0.0)) - outlineBilinear(p - vec2<f32>(h, 0.0));
    let gv = outlineBilinear(p + vec2<f32>(0.0, h)) - outlineBilinear(p - vec2<f32>(0.0, h));
    let coverage = lineCoverage(w, params.outlineLevel, length(vec2<f32>(gu, gv)), params.outlineWidth);
    colour = mix(colour, params.outlineColor, coverage * params.outlineColor.a);
  }
  textureStore(image, vec2<i32>(gid.xy), vec4<f32>(colour.rgb, 1.0));
}
