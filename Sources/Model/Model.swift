// The Model target; see README.md ("Layout"). Its code arrives with its issue.
