package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

// bashCompletion is the bash glue for urfave/cli's completion protocol:
// the shell asks the binary itself, with --generate-bash-completion.
const bashCompletion = `# scim2neo4j bash completion: source <(scim2neo4j completion bash)
_scim2neo4j_complete() {
  local cur opts
  COMPREPLY=()
  cur="${COMP_WORDS[COMP_CWORD]}"
  if [[ "$cur" == "-"* ]]; then
    opts=$("${COMP_WORDS[@]:0:$COMP_CWORD}" "$cur" --generate-bash-completion 2>/dev/null)
  else
    opts=$("${COMP_WORDS[@]:0:$COMP_CWORD}" --generate-bash-completion 2>/dev/null)
  fi
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  return 0
}
complete -o bashdefault -o default -F _scim2neo4j_complete scim2neo4j
`

// completionCommand prints a shell completion script.
func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script (bash or fish)",
		ArgsUsage: "bash|fish",
		Description: `Examples:
   source <(scim2neo4j completion bash)
   scim2neo4j completion fish > ~/.config/fish/completions/scim2neo4j.fish`,
		Action: func(c *cli.Context) error {
			switch c.Args().First() {
			case "bash":
				fmt.Fprint(c.App.Writer, bashCompletion)
				return nil
			case "fish":
				script, err := c.App.ToFishCompletion()
				if err != nil {
					return err
				}
				fmt.Fprint(c.App.Writer, script)
				return nil
			}
			return usagef("completion: name a shell, bash or fish")
		},
	}
}
