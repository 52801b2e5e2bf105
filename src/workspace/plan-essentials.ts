import type { PlannedComponent } from '../importers/index.js';
import type { UploadPlan } from './upload-preview-page.js';

/** A component as the preview shows it, without its IRI (a new one's is minted anew by each dry run). */
function component(c: PlannedComponent): unknown {
  return [c.kind, c.label, c.fields.map((f) => [f.name, f.value])];
}

/**
 * What a person agreed to when they confirmed a preview, as one comparable string: for a
 * Micro-Meta App file its status, version, the version it revises, its components and changes;
 * for an OME-XML document each configuration's status, version it revises, differences and
 * components, and each dataset's status. IRIs a dry run mints afresh are left out, so two plans
 * of an unchanged store give the same string.
 * @param upload - a plan of an upload.
 * @returns its essentials.
 */
export function planEssentials(upload: UploadPlan): string {
  if (upload.format === 'micrometa') {
    const p = upload.plan;
    return JSON.stringify(['micrometa', p.conforms, p.status, p.status === 'unchanged' ? p.iri : undefined, p.version, p.revises, p.changes, p.components.map(component)]);
  }
  const p = upload.plan;
  return JSON.stringify(['ome-xml', p.conforms,
    p.configurations.map((c) => [c.instrument, c.status, c.status === 'matched' ? c.iri : undefined, c.revises, c.differences, c.components.map(component)]),
    p.datasets.map((d) => [d.image, d.status, d.status === 'existing' ? d.iri : undefined])]);
}
