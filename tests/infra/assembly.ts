import { readFileSync } from 'node:fs';
import path from 'node:path';

import { Template } from 'aws-cdk-lib/assertions';
import { inject } from 'vitest';

import type { SynthTarget } from './synth-targets.ts';
import type { TemplateResource } from './template-types.ts';

interface StackResource {
  Type: string;
  Metadata?: Record<string, string>;
}

/** The synthesized templates of one backend: the root stack and its nested stacks by name. */
export interface SynthesizedBackend {
  root: Template;
  /** Nested stacks keyed by their Amplify name (`auth`, `api`, ...). */
  nested: Record<string, Template>;
  /** Raw JSON of every template, for checks that walk all of them. */
  all: Record<string, unknown>;
}

const cache = new Map<SynthTarget, SynthesizedBackend>();

/** Loads the templates the global setup wrote for a synth target. */
export function loadBackend(target: SynthTarget = 'sandbox'): SynthesizedBackend {
  const cached = cache.get(target);
  if (cached) return cached;
  const synthError = inject('synthErrors')[target];
  if (synthError) throw new Error(`Synth target "${target}" did not synthesize:\n${synthError}`);
  const dir = inject('synthDirs')[target];
  const readJson = (file: string) =>
    JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
  const manifest = readJson('manifest.json') as {
    artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  const stackArtifact = Object.values(manifest.artifacts).find(
    (a) => a.type === 'aws:cloudformation:stack',
  );
  if (!stackArtifact?.properties?.templateFile) throw new Error(`No stack in ${dir}/manifest.json`);
  const rootJson = readJson(stackArtifact.properties.templateFile);
  const all: Record<string, unknown> = { root: rootJson };
  const nested: Record<string, Template> = {};
  for (const resource of Object.values(rootJson['Resources'] as Record<string, StackResource>)) {
    const file = resource.Metadata?.['aws:asset:path'];
    const cdkPath = resource.Metadata?.['aws:cdk:path'];
    if (resource.Type !== 'AWS::CloudFormation::Stack' || !file || !cdkPath) continue;
    const name = cdkPath.split('/')[1]!.replace(/\.NestedStack$/, '');
    const json = readJson(file);
    all[name] = json;
    nested[name] = Template.fromJSON(json);
  }
  const backend = { root: Template.fromJSON(rootJson), nested, all };
  cache.set(target, backend);
  return backend;
}

/** The nested stack of that name, failing clearly when it does not exist. */
export function nestedStack(name: string, target: SynthTarget = 'sandbox'): Template {
  const stack = loadBackend(target).nested[name];
  if (!stack)
    throw new Error(
      `No nested stack "${name}" (have: ${Object.keys(loadBackend(target).nested).join(', ')})`,
    );
  return stack;
}

/** The resources of `type` in the nested stack `name` of `target`'s backend, by logical id. */
export function resourcesOf(
  name: string,
  type: string,
  target: SynthTarget = 'sandbox',
): [string, TemplateResource][] {
  return Object.entries(nestedStack(name, target).findResources(type)) as [
    string,
    TemplateResource,
  ][];
}
