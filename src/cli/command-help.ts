import { Command, CommandHelp, Help, HelpSection } from '@oclif/core';

/** The sections sf adds to a command's help, read from the same static fields SfCommand declares. */
type SfHelpSections = { configurationVariablesSection?: HelpSection; envVariablesSection?: HelpSection; errorCodes?: HelpSection };

/**
 * Renders ENVIRONMENT VARIABLES and ERROR CODES after FLAG DESCRIPTIONS, the way the sf CLI's own help class does, so
 * `bin/run.js <command> --help` (and the help snapshots) show what users of the installed plugin see under sf.
 */
export class SfStyleCommandHelp extends CommandHelp {
  protected sections(): ReturnType<CommandHelp['sections']> {
    const sections = super.sections();
    const extra = [
      { header: 'CONFIGURATION VARIABLES', generate: ({ cmd }: { cmd: Command.Loadable }) => (cmd as SfHelpSections).configurationVariablesSection },
      { header: 'ENVIRONMENT VARIABLES', generate: ({ cmd }: { cmd: Command.Loadable }) => (cmd as SfHelpSections).envVariablesSection },
      { header: 'ERROR CODES', generate: ({ cmd }: { cmd: Command.Loadable }) => (cmd as SfHelpSections).errorCodes },
    ] as ReturnType<CommandHelp['sections']>;
    const afterFlagDescriptions = sections.findIndex((section) => section.header === 'FLAG DESCRIPTIONS') + 1 || sections.length;
    sections.splice(afterFlagDescriptions, 0, ...extra);
    return sections;
  }
}

export default class SfStyleHelp extends Help {
  protected CommandHelpClass = SfStyleCommandHelp;

}
