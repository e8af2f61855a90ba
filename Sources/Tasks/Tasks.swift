// The Tasks target; see README.md ("Layout"). Its code arrives with its issue.
