/**
 * The "Scene parameters" panel: inputs for the scene's main parameters (sceneParameters.ts) with their
 * units, and an Apply button that hands a modified copy of the scene to the caller (which reloads it).
 * Only the parameters the scene has are shown: temperature for SI regular-solution scenes, C-rate for
 * scenes with a constant-current protocol, elasticity for scenes loaded with an elasticity section, the
 * reaction sites of a composite electrode.
 */
import { applySceneParameters, describeChanges, readSceneParameters, type SceneParameterInfo, type SceneParameterValues } from './sceneParameters.ts';

const AXES = ['x', 'y', 'z'] as const;

/** A length with an SI prefix when the scene is in metres (6.4e-8 m -> "64 nm"). */
export function formatLength(value: number, unit: string): string {
  if (unit !== 'm') return `${Number(value.toPrecision(4))}`;
  const prefixes: [number, string][] = [[1, 'm'], [1e-3, 'mm'], [1e-6, 'µm'], [1e-9, 'nm'], [1e-12, 'pm']];
  const [scale, name] = prefixes.find(([s]) => Math.abs(value) >= s * 0.9995) ?? prefixes[prefixes.length - 1];
  return `${Number((value / scale).toPrecision(4))} ${name}`;
}

export interface ModifiedScene {
  json: Record<string, unknown>;
  /** what differs from the scene as loaded, for the name and description ('' when back to it) */
  changes: string;
}

export class ParameterPanel {
  private info: SceneParameterInfo | undefined;
  /** the scene shown, and the scene as loaded (bundled, file or edited JSON) */
  private json: unknown;
  private base: unknown;

  constructor(
    private readonly container: HTMLElement,
    private readonly applyButton: HTMLButtonElement,
    onApply: (scene: ModifiedScene) => void,
    onProblem: (message: string) => void,
  ) {
    applyButton.addEventListener('click', () => {
      try {
        const modified = this.modified();
        if (modified) onApply(modified);
      } catch (e) {
        onProblem(`Scene parameters: ${(e as Error).message}`);
      }
    });
  }

  /** Show the parameters of `json`; `base` is the scene as loaded (the source of a switched-off elasticity section). */
  show(json: unknown, base: unknown): void {
    this.json = json;
    this.base = base;
    const info = (this.info = readSceneParameters(json, base));
    const rows: HTMLElement[] = [];
    const { values, size, lengthUnit } = info;
    values.cells.forEach((n, i) => {
      const input = numberInput(`param-cells-${AXES[i]}`, n, { min: 8, step: 2 });
      const spacing = document.createElement('output');
      spacing.id = `param-spacing-${AXES[i]}`;
      const update = () => {
        const cells = Number(input.value);
        spacing.value = size[i] && cells > 0 ? `box ${formatLength(size[i], lengthUnit)}, Δ${AXES[i]} = ${formatLength(size[i] / cells, lengthUnit)}` : '';
      };
      input.addEventListener('input', update);
      update();
      rows.push(row(`grid ${AXES[i]}`, input, 'cells', spacing));
    });
    if (values.temperature !== undefined) rows.push(row('temperature', numberInput('param-temperature', values.temperature, { min: 1, step: 1 }), 'K'));
    if (values.cRate !== undefined) rows.push(row('C-rate', numberInput('param-crate', values.cRate, { min: 0, step: 'any' }), 'C'));
    if (values.elasticity !== undefined) {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.id = 'param-elasticity';
      box.checked = values.elasticity;
      const label = document.createElement('label');
      label.className = 'check';
      label.append(box, ' chemical-strain elasticity');
      rows.push(label);
    }
    if (values.conductor !== undefined) {
      const select = document.createElement('select');
      select.id = 'param-conductor';
      select.append(new Option('TPB only (poor electronic conductor)', 'poor'), new Option('whole interface (mixed conductor)', 'mixed'));
      select.value = values.conductor;
      rows.push(row('reaction sites', select, ''));
    }
    this.container.replaceChildren(...rows);
    this.applyButton.disabled = false;
  }

  /** The values in the inputs. */
  values(): SceneParameterValues {
    const info = this.info;
    if (!info) throw new Error('no scene loaded');
    const read = (id: string) => Number((this.container.querySelector<HTMLInputElement>(`#${id}`))?.value);
    const values: SceneParameterValues = { cells: info.values.cells.map((_, i) => read(`param-cells-${AXES[i]}`)) };
    if (info.values.temperature !== undefined) values.temperature = read('param-temperature');
    if (info.values.cRate !== undefined) values.cRate = read('param-crate');
    if (info.values.elasticity !== undefined) values.elasticity = this.container.querySelector<HTMLInputElement>('#param-elasticity')?.checked ?? true;
    if (info.values.conductor !== undefined) values.conductor = (this.container.querySelector<HTMLSelectElement>('#param-conductor')?.value ?? info.values.conductor) as 'poor' | 'mixed';
    return values;
  }

  /** The scene with the typed values, or undefined when nothing changed; throws on a bad value. */
  private modified(): ModifiedScene | undefined {
    const info = this.info;
    if (!info) return undefined;
    const values = this.values();
    if (!describeChanges(info.values, values)) return undefined;
    const changes = describeChanges(readSceneParameters(this.base).values, values);
    return { json: applySceneParameters(this.json, values, this.base), changes };
  }
}

function numberInput(id: string, value: number, options: { min: number; step: number | 'any' }): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'number';
  input.id = id;
  input.min = String(options.min);
  input.step = String(options.step);
  input.value = String(value);
  return input;
}

function row(text: string, input: HTMLElement, unit: string, extra?: HTMLElement): HTMLElement {
  const label = document.createElement('label');
  label.className = 'parameter';
  const unitSpan = document.createElement('span');
  unitSpan.className = 'unit';
  unitSpan.textContent = unit;
  if (unit === 'C') label.title = '1C fills the particle in one hour; the other constant-current steps scale with it and keep their sign';
  label.append(`${text} `, input, unitSpan);
  if (extra) label.append(extra);
  return label;
}
