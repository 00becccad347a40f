-- Run by tests/lsp.rs: Neovim's own LSP client against `svcctl lsp`, headless. Opens the file,
-- waits for diagnostics, and writes what `vim.diagnostic.get()` shows to $SVCCTL_OUT.
local config = {
  name = "svcctl",
  cmd = { os.getenv("SVCCTL_BIN"), "lsp" },
  root_dir = os.getenv("SVCCTL_DIR"),
}
vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("SVCCTL_FILE")))
if vim.lsp.start then
  vim.lsp.start(config)
else
  -- Neovim before 0.8 (Debian 12 ships 0.7).
  vim.lsp.buf_attach_client(0, vim.lsp.start_client(config))
end
local shown = vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 20)
local out = assert(io.open(os.getenv("SVCCTL_OUT"), "w"))
if not shown then
  out:write("no diagnostics within 15 s\n")
end
for _, d in ipairs(vim.diagnostic.get(0)) do
  out:write(string.format("%d:%d-%d:%d %s %s %s\n", d.lnum, d.col, d.end_lnum, d.end_col,
    vim.diagnostic.severity[d.severity], tostring(d.code), (d.message:gsub("\n.*", ""))))
end
out:close()
vim.cmd("qa!")
