import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../src/validation/model-files.js';

// The folder layers of src/ are enforced by `npm run lint` (eslint.config.js LAYERS). These tests lint
// probe code with the project's own configuration, as files of the folders named, and show that a
// crossing fails while the allowed imports pass.
const eslint = new ESLint({ cwd: PACKAGE_ROOT });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${PACKAGE_ROOT}${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('The lint configuration of the folder layers', () => {
  it('refuses an import from a higher layer.', async () => {
    const errors = await layerErrors('src/domain/labels.ts', "import type { AppServices } from '../http/index.js';\nexport type Probe = AppServices;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('domain/ may import only from the layers below it');
  }, 60_000);

  it('refuses an import between two folders of one layer.', async () => {
    expect(await layerErrors('src/store/record-store.ts', "import type { RecordValidator } from '../validation/index.js';\nexport type Probe = RecordValidator;\n")).toHaveLength(1);
  }, 60_000);

  it('refuses a deep import into another folder, even a lower one.', async () => {
    const errors = await layerErrors('src/http/create-app.ts', "import type { RecordStore } from '../store/record-store.js';\nexport type Probe = RecordStore;\n");
    expect(errors).toEqual([expect.stringContaining('through its index.js')]);
  }, 60_000);

  it('accepts an import of a lower layer through its index, and any import within a folder.', async () => {
    expect(await layerErrors('src/http/create-app.ts', "import type { RecordStore } from '../store/index.js';\nimport { recordsRouter } from './records-router.js';\nexport type Probe = RecordStore;\nexport const probe = recordsRouter;\n")).toEqual([]);
  }, 60_000);

  it('lets the composition root in src/main.ts import the composition, and nothing deep.', async () => {
    expect(await layerErrors('src/main.ts', "import { createServices } from './app/create-services.js';\nexport const probe = createServices;\n")).toEqual([]);
    expect(await layerErrors('src/main.ts', "import { createApp } from './http/create-app.js';\nexport const probe = createApp;\n")).toHaveLength(1);
  }, 60_000);
});
