// The one place the CLI takes commander from. scripts/bundle.mjs inlines it into dist/bundle/sysmon.cjs, so a
// start reads one file instead of commander's seven.
export { Command, Help, Option } from 'commander';
