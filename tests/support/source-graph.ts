/**
 * What tests may know about source files without matching their text: their imports (resolved
 * by the TypeScript compiler), the functions they call by name and their string literals, read
 * from the syntax tree.
 */
import path from 'node:path';

import ts from 'typescript';

const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  allowImportingTsExtensions: true,
};

/** One file's imports: resolved files (absolute) and the specifiers that are not files. */
export interface FileImports {
  readonly files: readonly string[];
  readonly modules: readonly string[];
}

/** The imports of `file` (static, type-only and literal dynamic ones). */
export function importsOf(file: string): FileImports {
  const files: string[] = [];
  const modules: string[] = [];
  for (const { fileName } of ts.preProcessFile(ts.sys.readFile(file)!, true, true).importedFiles) {
    const resolved = ts.resolveModuleName(fileName, file, COMPILER_OPTIONS, ts.sys).resolvedModule;
    if (resolved && !resolved.isExternalLibraryImport)
      files.push(path.resolve(resolved.resolvedFileName));
    else modules.push(fileName);
  }
  return { files, modules };
}

/**
 * Every repository file `file` reaches through its imports (itself included), and every
 * package or built-in module those files import.
 */
export function importClosure(file: string): { files: Set<string>; modules: Set<string> } {
  const files = new Set<string>();
  const modules = new Set<string>();
  const pending = [path.resolve(file)];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (files.has(next)) continue;
    files.add(next);
    const imports = importsOf(next);
    imports.modules.forEach((module) => modules.add(module));
    pending.push(...imports.files);
  }
  return { files, modules };
}

/** The names of the functions `file` calls directly (`name(...)`), and its string literals. */
export function callsAndStrings(file: string): { calls: Set<string>; strings: Set<string> } {
  const source = ts.createSourceFile(file, ts.sys.readFile(file)!, ts.ScriptTarget.Latest, true);
  const calls = new Set<string>();
  const strings = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression))
      calls.add(node.expression.text);
    if (ts.isStringLiteralLike(node)) strings.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { calls, strings };
}
