/** `--name value` options of a bench script: the value after `name`, or `fallback` when it is absent. */
export function optionReader(argv: string[]) {
  return (name: string, fallback: string): string => {
    const i = argv.indexOf(name);
    return i === -1 ? fallback : (argv[i + 1] ?? fallback);
  };
}
