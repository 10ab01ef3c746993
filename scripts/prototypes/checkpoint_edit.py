"""
Edit a spinode checkpoint for a time-step study (issue 17, docs/electrochemistry.md "One state after the
nucleation"): a research tool, not part of the engine. Two edits, each rewriting the CRC32 of what it changes:

  retime HASHES_STATE DIR DT   make DIR/checkpoint resumable under another time control: copy the scene
                               hashes of a run of that scene (HASHES_STATE: its checkpoint/state.json; any
                               short run of the changed scene writes one) and set the next step (StepControl
                               slot 7, dtProposed, of the state and of its continuation) to DT in internal
                               time units (the scene's t0; 4 s for lfp-particle-chr)
  perturb DIR RMS [SEED]       add a Gaussian perturbation of RMS RMS (in c, per cell) to every k != 0 mode of
                               c_hat and of its continuation (the particle's Li, the k = 0 mode, is kept)

`spinode run SCENE --resume DIR` with the changed scene then continues from the edited state. The real-space c
is not edited: the CHR step derives it from c_hat.

    python3 scripts/prototypes/checkpoint_edit.py retime /tmp/hash-run/checkpoint/state.json /tmp/run 0.125
    python3 scripts/prototypes/checkpoint_edit.py perturb /tmp/run 1e-6 1
"""
import json
import sys
import zlib

import numpy as np


def load(run):
    d = run + '/checkpoint'
    return d, json.load(open(d + '/state.json')), bytearray(open(d + '/fields.bin', 'rb').read())


def store(d, state, raw, field, values):
    raw[field['offset']:field['offset'] + 4 * field['length']] = values.tobytes()
    field['crc32'] = format(zlib.crc32(values.tobytes()), '08x')


def save(d, state, raw):
    open(d + '/fields.bin', 'wb').write(raw)
    json.dump(state, open(d + '/state.json', 'w'), indent=1)


def retime(hashes_state, run, dt):
    d, state, raw = load(run)
    h = json.load(open(hashes_state))
    state['sceneHash'] = h['sceneHash']
    state['controller']['sceneHashWithoutEnd'] = h['controller']['sceneHashWithoutEnd']
    for f in state['fields']:
        if f['name'] in ('step_control', 'continuation_step_control'):
            a = np.frombuffer(raw, dtype='<f4', count=f['length'], offset=f['offset']).copy()
            a[7] = dt
            store(d, state, raw, f, a)
    save(d, state, raw)


def perturb(run, rms, seed):
    d, state, raw = load(run)
    rng = np.random.default_rng(seed)
    cells = next(f['length'] for f in state['fields'] if f['name'] == 'c')
    for f in state['fields']:
        if f['name'] in ('c_hat', 'continuation_c_hat'):
            a = np.frombuffer(raw, dtype='<f4', count=f['length'], offset=f['offset']).copy()
            # a real field's unnormalised transform: RMS per cell rms gives |delta c_hat| ~ rms N / sqrt(modes)
            delta = rng.standard_normal(a.shape) * rms * cells / np.sqrt(a.size)
            delta[0:2] = 0
            store(d, state, raw, f, (a.astype(np.float64) + delta).astype('<f4'))
    save(d, state, raw)


if __name__ == '__main__':
    if len(sys.argv) >= 5 and sys.argv[1] == 'retime':
        retime(sys.argv[2], sys.argv[3], float(sys.argv[4]))
    elif len(sys.argv) >= 4 and sys.argv[1] == 'perturb':
        perturb(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    else:
        sys.exit(__doc__)
