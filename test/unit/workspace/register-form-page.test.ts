import { describe, expect, it } from 'vitest';
import { facilityForm } from '../../../src/workspace/facility-form.js';
import { organizationForm } from '../../../src/workspace/organization-form.js';
import { recordFormMarkup, registeredList, stepList } from '../../../src/workspace/register-page.js';
import type { RecordFormView } from '../../../src/workspace/register-page.js';

const HOSTILE = '<script>alert("x")</script>\'';

function view(parts: Partial<RecordFormView>): string {
  return recordFormMarkup({ form: organizationForm, values: {}, errors: {}, action: '/workspace/register/organization', csrf: 'c"srf', choices: {}, submit: 'Register the organization', ...parts }).toString();
}

describe('The registration pages', () => {
  it('mark the current step of the step list and carry the choices made so far.', () => {
    const markup = stepList('model', { facility: 'http://phd.test/id/facility/1', model: undefined }).toString();
    expect(markup).toContain('<li aria-current="step"><a href="/workspace/register/model?facility=http%3A%2F%2Fphd.test%2Fid%2Ffacility%2F1">3. Instrument model</a></li>');
    expect(markup.match(/aria-current/g)).toHaveLength(1);
  });

  it('escape hostile values in fields, errors and lists.', () => {
    const markup = view({ values: { name: HOSTILE, ror: HOSTILE }, errors: { name: HOSTILE } });
    expect(markup).not.toContain('<script>');
    expect(markup).toContain('value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;"');
    expect(markup).toContain('<input type="hidden" name="_csrf" value="c&quot;srf">');
    const list = registeredList('organization', [{ value: 'https://ror.org/02jx3x895', label: HOSTILE }], (iri) => `/next?o=${iri}`).toString();
    expect(list).not.toContain('<script>');
    expect(list).toContain('Use this<span class="visually-hidden"> organization: &lt;script&gt;');
  });

  it('show a record\'s PID without letting it change, except the RRID a facility named here gets later.', () => {
    const org = view({ values: { ror: 'https://ror.org/02jx3x895', name: 'UCL' }, editing: 'https://ror.org/02jx3x895' });
    expect(org).toContain('<input type="hidden" name="ror" value="https://ror.org/02jx3x895">');
    expect(org).not.toContain('<input type="text" id="f-ror"');
    const local = view({ form: facilityForm, values: { rrid: '', name: 'Core' }, editing: 'http://phd.test/id/facility/1' });
    expect(local).toContain('<input type="text" id="f-rrid" name="rrid" value=""');
  });

  it('say when nothing a field needs is registered yet, with a link to register it first.', () => {
    const markup = view({ form: facilityForm, choices: { organization: [] } });
    expect(markup).toContain('<option value="" selected>none registered yet</option>');
    expect(markup).toContain('<a href="/workspace/register/organization">Register an organization first</a>');
    expect(markup).toContain('<a href="/workspace/new?kind=person">Register a person first</a>');
  });

  it('ask which team acts only when the person has several.', () => {
    expect(view({ teams: [{ value: 'f1', label: 'One' }] })).not.toContain('name="team"');
    expect(view({ teams: [{ value: 'f1', label: 'One' }, { value: 'f2', label: 'Two' }], team: 'f2' })).toContain('<option value="f2" selected>Two</option>');
  });
});
