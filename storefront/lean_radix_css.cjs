// A PostCSS plugin (storefront/lean_bundle.py puts it in the build): once Radix Themes' stylesheets are
// inlined, drop each selector that cannot match without the class of a part the shop never renders or of a
// breakpoint it never uses, and the rules and media blocks left with none.
//   options.parts:       starts of class names, "Select" for rt-SelectTrigger, rt-SelectContent…
//   options.breakpoints: breakpoint prefixes, "xl" for xl:rt-r-size-1…

// The part of a selector every match needs: the argument of :where(), :is() or :has() when it is one
// selector; nothing from a list of several, from :not() or from any other function.
function requiredPart(selector) {
  const innermost = /(:[\w-]+)?\(([^()]*)\)/;
  let group;
  while ((group = innermost.exec(selector))) {
    const [whole, pseudo = "", inner] = group;
    const needed = [":where", ":is", ":has"].includes(pseudo) && !inner.includes(",") ? inner : "";
    selector = selector.slice(0, group.index) + needed + selector.slice(group.index + whole.length);
  }
  return selector;
}

module.exports = ({ parts = [], breakpoints = [] } = {}) => {
  const unused = [];
  if (parts.length) unused.push(`\\.rt-(?:${parts.join("|")})[A-Za-z]*(?![\\w-])`);
  if (breakpoints.length) unused.push(`\\.(?:${breakpoints.join("|")})\\\\:`);
  const unusedClass = unused.length ? new RegExp(unused.join("|")) : null;
  return {
    postcssPlugin: "lean-radix-css",
    OnceExit(root) {
      if (!unusedClass) return;
      root.walkRules((rule) => {
        const kept = rule.selectors.filter((selector) => !unusedClass.test(requiredPart(selector)));
        if (kept.length === 0) rule.remove();
        else if (kept.length < rule.selectors.length) rule.selectors = kept;
      });
      let emptied = true;
      while (emptied) {
        emptied = false;
        root.walkAtRules((atRule) => {
          if (atRule.nodes && atRule.nodes.length === 0) {
            atRule.remove();
            emptied = true;
          }
        });
      }
    },
  };
};
module.exports.postcss = true;
