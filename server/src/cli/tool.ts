// Who made a report: SARIF's tool.driver and `--version` read this, from package.json.
import { repository, version } from '../../../package.json';

export const TOOL = {
  name: 'handbook-roles',
  version,
  informationUri: repository.url,
} as const;
