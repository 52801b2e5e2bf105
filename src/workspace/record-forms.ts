import type { RecordKind } from '../domain/index.js';
import { datasetForm } from './dataset-form.js';
import { facilityForm } from './facility-form.js';
import type { RecordForm } from './form-graph.js';
import { instanceForm } from './instance-form.js';
import { modelForm } from './model-form.js';
import { organizationForm } from './organization-form.js';
import { personForm } from './person-form.js';
import { publicationForm } from './publication-form.js';

/** The form of each record kind that has one (configurations come from uploads, not forms). */
export const RECORD_FORMS: Readonly<Partial<Record<RecordKind, RecordForm>>> = {
  organization: organizationForm,
  facility: facilityForm,
  model: modelForm,
  instance: instanceForm,
  person: personForm,
  publication: publicationForm,
  dataset: datasetForm,
};
