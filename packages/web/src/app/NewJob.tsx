// A new job: pick a definition, start from one of its contract examples (one click) or a job to duplicate,
// draw the geometry on the map, fill the generated form, submit. API errors are shown at the field they name.
import Form from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  ApiError,
  type DefinitionDetail,
  type DefinitionSummary,
  getDefinition,
  getDefinitions,
  getJobInputs,
  submitJob,
} from './lib/api.ts';
import { formValidatorFor } from './lib/form-validator.ts';
import {
  emptySite,
  errorSchemaAt,
  type FormPlan,
  fromInputs,
  placeError,
  planForm,
  type SiteGeometry,
  toInputs,
} from './lib/schema-form.ts';
import { SiteEditor } from './SiteEditor.tsx';
import { useHistory } from './use-history.ts';

export interface NewJobProps {
  /** `name@version` to open, and a job id to duplicate. */
  def?: string;
  from?: string;
  /** `#/?validate=server`: skip the page's own schema check so the API's 400 answers (and is shown at its field). */
  serverValidation?: boolean;
}

const exampleTitle = (name: string) => name.replace(/\.json$/, '').replace(/[-_]/g, ' ');

export function NewJob({ def, from, serverValidation = false }: NewJobProps) {
  const [defs, setDefs] = useState<DefinitionSummary[] | null>(null);
  const [current, setCurrent] = useState<string>(def ?? '');
  const [detail, setDetail] = useState<DefinitionDetail | null>(null);
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  const history = useHistory<SiteGeometry>(emptySite());
  const [extraErrors, setExtraErrors] = useState<Record<string, unknown>>({});
  const [mapErrors, setMapErrors] = useState<Record<string, string>>({});
  const [topError, setTopError] = useState('');
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState('');

  useEffect(() => {
    getDefinitions().then(
      (r) => {
        setDefs(r.definitions);
        setCurrent(
          (c) => c || r.definitions.find((d) => d.id === 'sitefit@1.0.0')?.id || r.definitions[0]?.id || '',
        );
      },
      (e: Error) => setLoadError(`Could not load the definitions: ${e.message}`),
    );
  }, []);

  // A duplicated job names its definition: open that one with its inputs.
  const [dupInputs, setDupInputs] = useState<Record<string, unknown> | null>(null);
  useEffect(() => {
    if (!from) return;
    getJobInputs(from).then(
      (j) => {
        setCurrent(`${j.definition}@${j.version}`);
        setDupInputs(j.inputs);
      },
      (e: Error) => setLoadError(`Could not load job ${from}: ${e.message}`),
    );
  }, [from]);

  useEffect(() => {
    if (!current) return;
    const [name, version] = current.split('@');
    setDetail(null);
    getDefinition(name, version).then(setDetail, (e: Error) =>
      setLoadError(`Could not load ${current}: ${e.message}`),
    );
  }, [current]);

  const plan: FormPlan | null = useMemo(() => (detail ? planForm(detail.inputs_schema) : null), [detail]);
  const check = useMemo(
    () =>
      detail && plan
        ? formValidatorFor(`${detail.definition}@${detail.version}`, plan.formSchema as RJSFSchema)
        : null,
    [detail, plan],
  );

  const load = useCallback(
    (inputs: Record<string, unknown>) => {
      if (!plan) return;
      const { formData: fd, site } = fromInputs(plan, inputs);
      setFormData(fd);
      history.reset(site);
      setExtraErrors({});
      setMapErrors({});
      setTopError('');
    },
    [plan, history.reset],
  );

  // Start from the duplicated job, else from the first example.
  useEffect(() => {
    if (!detail || !plan) return;
    if (dupInputs && current === `${detail.definition}@${detail.version}`) load(dupInputs);
    else if (!from && detail.examples[0]) load(detail.examples[0].inputs);
    else if (!from) load({});
  }, [detail, plan, dupInputs, load, from, current]);

  const submit = async (data: Record<string, unknown>) => {
    if (!detail || !plan) return;
    setBusy(true);
    setTopError('');
    setExtraErrors({});
    setMapErrors({});
    try {
      const inputs = toInputs(plan, data, history.present);
      const r = await submitJob({
        app_id: detail.definition,
        definition: detail.definition,
        version: detail.version,
        inputs,
      });
      location.hash = `#/jobs/${r.job_id}`;
    } catch (e) {
      if (!(e instanceof ApiError)) {
        setTopError((e as Error).message);
        return;
      }
      let extra: Record<string, unknown> = {};
      const map: Record<string, string> = {};
      const top: string[] = [];
      for (const fe of e.all) {
        const p = placeError(plan, fe);
        if (p.at === 'geometry') map[p.field] = p.text;
        else if (p.at === 'edges') map[p.key] = p.text;
        else if (p.at === 'form') extra = merge(extra, errorSchemaAt(p.path, p.text));
        else top.push(p.text);
      }
      setExtraErrors(extra);
      setMapErrors(map);
      setTopError(
        `${e.status} ${e.code ?? ''}: ${top.length ? top.join(' ') : 'see the fields marked below.'}`,
      );
    } finally {
      setBusy(false);
    }
  };

  if (loadError)
    return (
      <p className="field-error" role="alert">
        {loadError}
      </p>
    );
  if (!defs) return <p className="loading">Loading definitions…</p>;
  if (defs.length === 0) return <p className="empty">No definitions are installed (see CONTRACTS_DIR).</p>;
  const crs = typeof formData.crs === 'string' ? formData.crs : 'EPSG:5514';

  return (
    <div className="new-job">
      <div className="job-head">
        <h1>New job</h1>
        <label>
          Definition{' '}
          <select
            value={current}
            onChange={(e) => {
              location.hash = `#/?def=${encodeURIComponent(e.target.value)}`;
              setCurrent(e.target.value);
            }}
          >
            {defs.map((d) => (
              <option key={d.id} value={d.id}>
                {d.title} ({d.id})
              </option>
            ))}
          </select>
        </label>
        {detail && detail.examples.length > 0 && (
          <fieldset className="examples">
            <legend className="sr-only">Examples from the contract</legend>
            <span>Examples:</span>
            {detail.examples.map((ex) => (
              <button key={ex.name} type="button" onClick={() => load(ex.inputs)}>
                {exampleTitle(ex.name)}
              </button>
            ))}
          </fieldset>
        )}
      </div>
      {detail?.description && <p className="lead">{detail.description}</p>}
      {topError && (
        <p className="field-error top" role="alert" data-testid="submit-error">
          {topError}
        </p>
      )}
      {!detail || !plan ? (
        <p className="loading">Loading {current}…</p>
      ) : (
        <div className="columns">
          {plan.geometry.length > 0 && (
            <SiteEditor
              plan={plan}
              crs={crs}
              site={history.present}
              onChange={history.push}
              undo={history.undo}
              redo={history.redo}
              canUndo={history.canUndo}
              canRedo={history.canRedo}
              errors={mapErrors}
            />
          )}
          <section className="form" aria-label="Inputs">
            <h2>Inputs</h2>
            {check && !check.inPage && (
              <p className="hint" data-testid="server-validation">
                This definition is checked by the API when you submit.
              </p>
            )}
            <Form
              schema={check!.schema}
              validator={check!.validator}
              formData={formData}
              onChange={(e) => setFormData((e.formData ?? {}) as Record<string, unknown>)}
              onSubmit={(e) => void submit((e.formData ?? {}) as Record<string, unknown>)}
              // The errors are shown at their fields; without a handler rjsf also logs them as console errors.
              onError={() => {}}
              extraErrors={extraErrors as never}
              showErrorList={false}
              noHtml5Validate
              noValidate={serverValidation || !check?.inPage}
              uiSchema={{ 'ui:title': ' ', 'ui:description': ' ' }}
            >
              <button type="submit" className="primary" disabled={busy}>
                {busy ? 'Submitting…' : 'Submit job'}
              </button>
            </Form>
          </section>
        </div>
      )}
    </div>
  );
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (k === '__errors') out[k] = [...((out[k] as string[]) ?? []), ...(v as string[])];
    else
      out[k] =
        out[k] && typeof out[k] === 'object'
          ? merge(out[k] as Record<string, unknown>, v as Record<string, unknown>)
          : v;
  }
  return out;
}
