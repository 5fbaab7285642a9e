/**
 * The import rule behind the model-call seam: no module but `model-calls.ts` may take a command
 * class (`...Command`), a namespace, a default or a dynamic import of the Bedrock Runtime or
 * SageMaker Runtime SDK. Imports are parsed and resolved with the TypeScript compiler API (so
 * deep paths into the packages and `export ... from` re-exports count), not matched as text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import ts from 'typescript';

/** The SDK packages whose commands call a model. */
const MODEL_CLIENT_PACKAGES = [
  '@aws-sdk/client-bedrock-runtime',
  '@aws-sdk/client-sagemaker-runtime',
] as const;

/** One import that breaks the rule. */
export interface ModelCallImport {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  allowImportingTsExtensions: true,
};

/** The package a specifier resolves to, as the compiler resolves it from `file`. */
function resolvedPackage(specifier: string, file: string): string | undefined {
  const { resolvedModule } = ts.resolveModuleName(specifier, file, COMPILER_OPTIONS, ts.sys);
  return resolvedModule?.packageId?.name;
}

/** The imports of one source text that reach a model client's commands. */
export function modelCallImports(file: string, text: string): ModelCallImport[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: ModelCallImport[] = [];
  const report = (node: ts.Node, what: string) =>
    found.push({
      file,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      what,
    });
  const isModelPackage = (specifier: ts.Expression | undefined) =>
    specifier !== undefined &&
    ts.isStringLiteral(specifier) &&
    (MODEL_CLIENT_PACKAGES as readonly string[]).includes(
      resolvedPackage(specifier.text, file) ?? '',
    );
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && isModelPackage(node.moduleSpecifier)) {
      const clause = node.importClause;
      if (clause && !clause.isTypeOnly) {
        if (clause.name) report(node, `default import ${clause.name.text}`);
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings))
          report(node, `namespace import ${bindings.name.text}`);
        if (bindings && ts.isNamedImports(bindings))
          for (const element of bindings.elements) {
            const name = (element.propertyName ?? element.name).text;
            if (!element.isTypeOnly && name.endsWith('Command')) report(element, name);
          }
      }
    } else if (ts.isExportDeclaration(node) && isModelPackage(node.moduleSpecifier)) {
      if (!node.isTypeOnly) {
        const clause = node.exportClause;
        if (!clause || ts.isNamespaceExport(clause)) report(node, 'export * re-export');
        else
          for (const element of clause.elements) {
            const name = (element.propertyName ?? element.name).text;
            if (!element.isTypeOnly && name.endsWith('Command'))
              report(element, `re-export ${name}`);
          }
      }
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      isModelPackage(node.arguments[0])
    )
      report(node, 'dynamic import');
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Production TypeScript files under `root` (tests and declaration files left out). */
export function productionFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter(
      (path) =>
        path.endsWith('.ts') &&
        !path.endsWith('.test.ts') &&
        !path.endsWith('.d.ts') &&
        !path.split(/[\\/]/).includes('node_modules'),
    )
    .map((path) => join(root, path));
}

/** Every import that breaks the rule under the given roots, except in the seam itself. */
export function modelCallViolations(roots: readonly string[], seam: string): ModelCallImport[] {
  return roots
    .flatMap(productionFiles)
    .filter((file) => relative(seam, file) !== '')
    .flatMap((file) => modelCallImports(file, readFileSync(file, 'utf8')));
}
