/**
 * A pipeline file's YAML with a `convert` step after every `docx` step (id `<id>-pdf`), for the
 * conversion tests and bench: the declaration titled for a packet's contents, and optionally placed
 * in the packet after its contents.
 */
export function withConvertSteps(yaml: string, o: { declarationInPacket?: boolean } = {}): string {
  const at = yaml.indexOf('steps:');
  const steps = yaml.slice(at).split(/\n(?=  - kind: )/).map((s) => {
    const id = /\n    id: ([\w-]+)/.exec(s)?.[1];
    if (!s.startsWith('  - kind: docx') || !id) return s;
    const titled = id === 'declaration' ? '\n    title: "Declaration of {{derived.fullName}}"' : '';
    return `${s.trimEnd()}\n\n  - kind: convert\n    id: ${id}-pdf\n    from: ${id}${titled}\n`;
  });
  const out = yaml.slice(0, at) + steps.join('\n');
  return o.declarationInPacket ? out.replace('documents: [i-589]', 'documents: [i-589, declaration-pdf]') : out;
}
