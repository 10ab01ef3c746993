/**
 * A small collapsible "Space charge" panel: the Poisson-Boltzmann layer at a solid-electrolyte surface
 * (src/physics/spaceCharge.ts, float64 on the CPU, independent of the running scene) for the carrier
 * density, permittivity and surface potential typed in, with the numbers the CLI prints and the layer
 * profile in the viewport's line plot. Computed only while the panel is open, on each edit.
 */
import { sampleSpaceChargeProfile, solveSpaceCharge, type SpaceChargeModel, type SpaceChargeParams } from '../physics/spaceCharge.ts';
import { TimeSeriesPlot } from './timeSeriesPlot.ts';

const PROFILE_POINTS = 200;
const PROFILE_DEPTH_DEBYE = 8;

function labelled(text: string, input: HTMLElement, title?: string): HTMLLabelElement {
  const label = document.createElement('label');
  label.append(text, input);
  if (title) label.title = title;
  return label;
}

function textInput(id: string, value: string): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'text';
  input.id = id;
  input.value = value;
  input.size = 8;
  input.spellcheck = false;
  return input;
}

export interface SpaceChargeInputs {
  carrierDensity: string;
  permittivity: string;
  surfacePotentialMillivolts: string;
  model: string;
  siteDensity: string;
  temperature: string;
}

/** Parse the panel's fields into model parameters; throws a message naming the bad field. */
export function parseSpaceChargeInputs(v: SpaceChargeInputs): { params: SpaceChargeParams; surfacePotentialVolts: number } {
  const positive = (name: string, raw: string) => {
    const x = Number(raw.trim());
    if (raw.trim() === '' || !Number.isFinite(x) || x <= 0) throw new RangeError(`${name}: expected a positive number, got "${raw}"`);
    return x;
  };
  const potential = Number(v.surfacePotentialMillivolts.trim());
  if (v.surfacePotentialMillivolts.trim() === '' || !Number.isFinite(potential)) throw new RangeError(`surface potential: expected a number of mV, got "${v.surfacePotentialMillivolts}"`);
  const model = v.model === 'gouy-chapman' ? 'gouy-chapman' : ('single' satisfies SpaceChargeModel);
  return {
    params: {
      model,
      carrierDensity: positive('carrier density', v.carrierDensity),
      relativePermittivity: positive('permittivity', v.permittivity),
      temperatureKelvin: positive('temperature', v.temperature),
      siteDensity: v.siteDensity.trim() === '' ? undefined : positive('site density', v.siteDensity),
    },
    surfacePotentialVolts: potential / 1000,
  };
}

export class SpaceChargePanel {
  readonly element: HTMLDetailsElement;
  private readonly fields: Record<keyof SpaceChargeInputs, HTMLInputElement | HTMLSelectElement>;
  private readonly summary: HTMLPreElement;
  private readonly plot: TimeSeriesPlot;

  constructor(container: HTMLElement) {
    const details = document.createElement('details');
    details.id = 'spacecharge-panel';
    const head = document.createElement('summary');
    head.textContent = 'Space charge';
    const model = document.createElement('select');
    model.id = 'spacecharge-model';
    model.append(new Option('one mobile ion', 'single'), new Option('Gouy-Chapman', 'gouy-chapman'));
    this.fields = {
      carrierDensity: textInput('spacecharge-density', '1e24'),
      permittivity: textInput('spacecharge-permittivity', '60'),
      surfacePotentialMillivolts: textInput('spacecharge-potential', '-100'),
      temperature: textInput('spacecharge-temperature', '298.15'),
      siteDensity: textInput('spacecharge-sites', ''),
      model,
    };
    this.summary = document.createElement('pre');
    this.summary.id = 'spacecharge-summary';
    this.summary.style.cssText = 'font: 11px/1.35 ui-monospace, monospace; white-space: pre-wrap; margin: 4px 0;';
    const canvas = document.createElement('canvas');
    canvas.id = 'spacecharge-plot';
    canvas.setAttribute('aria-label', 'Space-charge layer profile');
    canvas.style.cssText = 'width: 100%; height: 160px; display: block; background: #1b1c1e;';
    this.plot = new TimeSeriesPlot(canvas, {
      title: 'Layer profile',
      xLabel: 'x [nm]',
      yLabel: 'relative to surface',
      series: [
        { name: 'φ/φ(0)', color: '#8ab4f8' },
        { name: 'ρ/ρ(0)', color: '#fdd663', dashed: true },
      ],
      capacity: PROFILE_POINTS * 2,
    });
    details.append(
      head,
      labelled('Model', model),
      labelled('Carrier density [m⁻³]', this.fields.carrierDensity),
      labelled('Permittivity εr', this.fields.permittivity),
      labelled('Surface potential [mV]', this.fields.surfacePotentialMillivolts),
      labelled('Temperature [K]', this.fields.temperature),
      labelled('Site density [m⁻³]', this.fields.siteDensity, 'sites open to the mobile carriers (lattice saturation); empty for the dilute model'),
      this.summary,
      canvas,
    );
    for (const f of Object.values(this.fields)) f.addEventListener('change', () => this.update());
    details.addEventListener('toggle', () => {
      if (details.open) this.update();
    });
    this.element = details;
    const section = document.createElement('section');
    section.append(details);
    container.append(section);
  }

  private values(): SpaceChargeInputs {
    const out = {} as SpaceChargeInputs;
    for (const [k, f] of Object.entries(this.fields)) out[k as keyof SpaceChargeInputs] = f.value;
    return out;
  }

  /** Recompute and redraw; returns the summary text (for automation and tests). */
  update(): string {
    this.plot.clear();
    try {
      const { params, surfacePotentialVolts } = parseSpaceChargeInputs(this.values());
      const sol = solveSpaceCharge(params, surfacePotentialVolts);
      const depth = PROFILE_DEPTH_DEBYE * sol.debyeLengthMeters;
      const rows = sampleSpaceChargeProfile(sol, Array.from({ length: PROFILE_POINTS }, (_, i) => (i * depth) / (PROFILE_POINTS - 1)));
      const phi0 = rows[0].potential || 1;
      const rho0 = rows[0].chargeDensity || 1;
      for (const r of rows) this.plot.push(r.x * 1e9, [r.potential / phi0, r.chargeDensity / rho0]);
      this.summary.textContent = [
        `λD        ${(sol.debyeLengthMeters * 1e9).toPrecision(4)} nm`,
        `E(0)      ${sol.surfaceField.toPrecision(4)} V/m`,
        `σ         ${(sol.surfaceCharge * 100).toPrecision(4)} µC/cm²`,
        `C_diff    ${(sol.differentialCapacitance * 100).toPrecision(4)} µF/cm²`,
      ].join('\n');
    } catch (e) {
      this.summary.textContent = e instanceof Error ? e.message : String(e);
    }
    requestAnimationFrame(() => this.plot.draw());
    return this.summary.textContent ?? '';
  }
}
