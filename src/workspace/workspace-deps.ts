import type { PeopleRegistry, SessionStore } from '../accounts/index.js';
import type { Config } from '../config/index.js';
import type { ExportService } from '../exporters/index.js';
import type { MicrometaImporter, OmeXmlImporter } from '../importers/index.js';
import type { Logger } from '../logging/index.js';
import type { PidMinting } from '../minting/index.js';
import type { PidService } from '../pid/index.js';
import type { RecordService } from '../records/index.js';
import type { SearchService } from '../search/index.js';
import type { RecordStore, TokenRegistry } from '../store/index.js';

/** What the workspace's routers work with: the services the composition root built. */
export interface WorkspaceDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: RecordStore;
  readonly records: RecordService;
  readonly tokens: TokenRegistry;
  readonly people: PeopleRegistry;
  readonly sessions: SessionStore;
  readonly pids: PidService;
  readonly search: SearchService;
  readonly imports: { readonly micrometa: MicrometaImporter; readonly omeXml: OmeXmlImporter };
  readonly exports: ExportService;
  /** Minting and syncing PIDs; undefined when no provider is configured (the mint buttons are not shown). */
  readonly minting: PidMinting | undefined;
}
