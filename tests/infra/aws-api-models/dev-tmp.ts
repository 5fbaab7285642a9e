import { readFileSync, readdirSync } from 'node:fs';
import { BotocoreModels } from './botocore-models.ts';
import { validateTemplates, formatViolations } from './template-validator.ts';
const models = new BotocoreModels();
for (const dir of process.argv.slice(2)) {
  const templates: Record<string, unknown> = {};
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.template.json')))
    templates[f.slice(0, 40)] = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
  const t = performance.now();
  const r = validateTemplates(templates, models);
  console.log(dir, (performance.now() - t).toFixed(0), 'ms');
  console.log(formatViolations(r.violations));
  if (process.env.UNMATCHED) console.log([...new Set(r.unmatched)].sort().join('\n'));
}
