// Complex arithmetic on vec2<f32> = (re, im). Library file: pulled into kernels by `// #import lib/complex`.
fn cmul(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  return vec2<f32>(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x);
}
// a * conj(b)
fn cmul_conj(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  return vec2<f32>(a.x * b.x + a.y * b.y, a.y * b.x - a.x * b.y);
}
fn conj(a: vec2<f32>) -> vec2<f32> {
  return vec2<f32>(a.x, -a.y);
}
// multiply by i
fn mul_i(a: vec2<f32>) -> vec2<f32> {
  return vec2<f32>(-a.y, a.x);
}
