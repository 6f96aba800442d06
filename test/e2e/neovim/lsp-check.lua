-- Drives the Handbook Roles language server from headless Neovim 0.7 (vim.lsp.start_client) and
-- reports what it saw (see report.lua). Run by test/e2e/neovim.e2e.test.ts with:
--   HR_SERVER  path of dist/server.js       HR_ROOT  the handbook folder (a temp copy: files are saved)
--   HR_ROLE    the role page (seed 000)     HR_INCLUDES the page with the malformed include (seed 003)
--   HR_RENAMED the page whose Requirements heading is renamed (the one seed 000 extends)
-- Pitfalls of 0.7 handled here: no vim.lsp.start, requests before initialized return {}, diagnostics
-- only pushed.

local report = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/report.lua')
local encode, wait_for, TIMEOUT = report.encode, report.wait_for, report.TIMEOUT

local function find_line(bufnr, pattern)
  for index, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if line:find(pattern) then return index - 1, line end
  end
  error('no line matches ' .. pattern)
end

local function main(result)
  local function step(name) table.insert(result.steps, name) end
  local server = assert(os.getenv('HR_SERVER'), 'HR_SERVER')
  local root = assert(os.getenv('HR_ROOT'), 'HR_ROOT')
  local role_page = root .. '/' .. assert(os.getenv('HR_ROLE'), 'HR_ROLE')
  local includes_page = root .. '/' .. assert(os.getenv('HR_INCLUDES'), 'HR_INCLUDES')

  local diagnostics = {} -- uri -> the last pushed LSP diagnostics
  local pushes = {} -- uri -> how many times diagnostics were pushed
  local initialized = false
  local started = vim.loop.hrtime()

  local client_id = vim.lsp.start_client({
    name = 'handbook-roles',
    cmd = { 'node', server, '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'handbook' } },
    flags = { debounce_text_changes = 0 },
    on_init = function() initialized = true end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
        diagnostics[params.uri] = params.diagnostics
        pushes[params.uri] = (pushes[params.uri] or 0) + 1
        return vim.lsp.diagnostic.on_publish_diagnostics(err, params, ctx, config)
      end,
      -- The server may report progress and messages; headless there is nobody to show them to.
      ['window/showMessage'] = function() return vim.NIL end,
    },
  })
  assert(client_id, 'start_client returned nil')
  wait_for('initialize', function() return initialized end)
  local client = vim.lsp.get_client_by_id(client_id)
  result.offsetEncoding = client.offset_encoding
  step('initialized')

  local function open(file)
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
    local bufnr = vim.api.nvim_get_current_buf()
    vim.bo[bufnr].filetype = 'markdown'
    vim.lsp.buf_attach_client(bufnr, client_id)
    return bufnr, vim.uri_from_bufnr(bufnr)
  end

  local function request(method, params, bufnr)
    local response, err = client.request_sync(method, params, TIMEOUT, bufnr)
    if not response then error(method .. ' failed: ' .. tostring(err)) end
    if response.err then error(method .. ' error: ' .. encode(response.err)) end
    return response.result
  end

  local function has_code(uri, code)
    for _, diagnostic in ipairs(diagnostics[uri] or {}) do
      if diagnostic.code == code then return diagnostic end
    end
    return nil
  end

  -- 1. Pushed diagnostics for the page with the malformed include.
  local inc_buf, inc_uri = open(includes_page)
  wait_for('include-malformed to be published', function() return has_code(inc_uri, 'include-malformed') ~= nil end)
  result.diagnostics = {}
  for _, diagnostic in ipairs(diagnostics[inc_uri]) do
    table.insert(result.diagnostics, {
      code = diagnostic.code, source = diagnostic.source, message = diagnostic.message,
      line = diagnostic.range.start.line, severity = diagnostic.severity,
    })
  end
  result.diagnosticsMs = math.floor((vim.loop.hrtime() - started) / 1e6)
  step('diagnostics')

  -- 2. The quick fix: ask for code actions on the diagnostic, apply the preferred include fix, save.
  local malformed = has_code(inc_uri, 'include-malformed')
  local actions = request('textDocument/codeAction', {
    textDocument = { uri = inc_uri },
    range = malformed.range,
    context = { diagnostics = diagnostics[inc_uri], only = { 'quickfix' } },
  }, inc_buf) or {}
  result.codeActions = {}
  local chosen
  for _, action in ipairs(actions) do
    table.insert(result.codeActions, { title = action.title, isPreferred = action.isPreferred == true })
    if not chosen and action.isPreferred and action.edit then chosen = action end
  end
  if not chosen then error('no preferred code action among ' .. encode(result.codeActions)) end
  result.appliedAction = chosen.title
  local pushes_before = pushes[inc_uri] or 0
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
  vim.api.nvim_buf_call(inc_buf, function() vim.cmd('silent write') end)
  result.mendedLine = vim.api.nvim_buf_get_lines(inc_buf, malformed.range.start.line, malformed.range.start.line + 1, false)[1]
  local saved = vim.fn.readfile(includes_page)
  result.savedLine = saved[malformed.range.start.line + 1]
  wait_for('diagnostics after the fix', function()
    return (pushes[inc_uri] or 0) > pushes_before and has_code(inc_uri, 'include-malformed') == nil
  end)
  result.diagnosticsAfterFix = {}
  for _, diagnostic in ipairs(diagnostics[inc_uri]) do
    table.insert(result.diagnosticsAfterFix, { code = diagnostic.code, line = diagnostic.range.start.line })
  end
  step('code action')

  -- 3. Hover on the extends link of the role page.
  local role_buf, role_uri = open(role_page)
  local line, text = find_line(role_buf, 'Extends that of the %[Distinguished Engineer%]%(.-#requirements%)')
  local character = text:find('Distinguished', 1, true) + 1 -- a column inside the link text (0-based)
  local hover = request('textDocument/hover', {
    textDocument = { uri = role_uri },
    position = { line = line, character = character },
  }, role_buf)
  if hover and hover.contents then
    result.hover = type(hover.contents) == 'table' and (hover.contents.value or encode(hover.contents)) or hover.contents
  end
  step('hover')

  -- 4. Completion of a role title in link text, then the chosen item applied.
  local new_line = line + 1
  vim.api.nvim_buf_set_lines(role_buf, new_line, new_line, false, { '- Mentors every [Distin' })
  local typed = '- Mentors every [Distin'
  local completion = request('textDocument/completion', {
    textDocument = { uri = role_uri },
    position = { line = new_line, character = #typed },
    context = { triggerKind = 1 },
  }, role_buf)
  local items = completion and (completion.items or completion) or {}
  result.completionLabels = {}
  local picked
  for _, item in ipairs(items) do
    table.insert(result.completionLabels, item.label)
    if item.label == 'Distinguished Engineer' then picked = item end
  end
  if picked and picked.textEdit then
    result.completionInsert = picked.textEdit.newText
    vim.lsp.util.apply_text_edits({ picked.textEdit }, role_buf, client.offset_encoding)
    result.lineAfterCompletion = vim.api.nvim_buf_get_lines(role_buf, new_line, new_line + 1, false)[1]
  end
  step('completion')

  -- 5. The same through Neovim's own omnifunc (<C-x><C-o>), which keeps the items whose inserted
  -- text starts with what is typed from the start of their edit. The omnifunc answers only in
  -- Insert mode and hands its items to complete(): both are watched here, the rest is Neovim's.
  local omni_line = new_line + 1
  local omni_typed = '- Works with a [Staff'
  vim.api.nvim_buf_set_lines(role_buf, omni_line, omni_line, false, { omni_typed })
  vim.o.virtualedit = 'onemore' -- the cursor after the last character, as in Insert mode
  vim.api.nvim_win_set_cursor(0, { omni_line + 1, #omni_typed })
  local real_mode, real_complete = vim.fn.mode, vim.fn.complete
  local offered
  vim.fn.mode = function() return 'i' end
  vim.fn.complete = function(startcol, matches) offered = { startcol = startcol, matches = matches } end
  local ok, err = pcall(function()
    vim.lsp.omnifunc(1, '')
    wait_for('the omnifunc to offer its items', function() return offered ~= nil end)
  end)
  vim.fn.mode, vim.fn.complete = real_mode, real_complete
  if not ok then error(err) end
  result.omniWords = {}
  for _, match in ipairs(offered.matches) do table.insert(result.omniWords, match.word) end
  local staff
  for _, match in ipairs(offered.matches) do
    if match.abbr == 'Staff Engineer' then staff = match end
  end
  if staff then
    -- What accepting the item writes: the typed text from the start column on becomes its word.
    result.omniLine = omni_typed:sub(1, offered.startcol - 1) .. staff.word
  end
  step('omnifunc')
  -- 6. vim.lsp.buf.rename() on a heading (its prompt answered): the extends link in the role page follows.
  local renamed_buf = open(root .. '/' .. assert(os.getenv('HR_RENAMED'), 'HR_RENAMED'))
  local heading_line = find_line(renamed_buf, '^## Requirements$')
  vim.api.nvim_win_set_cursor(0, { heading_line + 1, 5 })
  vim.ui.input = function(options, on_confirm)
    result.renamePrompt = options.default
    on_confirm('What we expect')
  end
  vim.lsp.buf.rename()
  wait_for('the rename to reach the role page', function()
    local found, _, link_line = pcall(find_line, role_buf, 'Extends that of the %[Distinguished Engineer%]%(.-#what%-we%-expect%)')
    result.renamedLink = found and link_line or nil
    return found
  end)
  result.renamedHeading = vim.api.nvim_buf_get_lines(renamed_buf, heading_line, heading_line + 1, false)[1]
  step('rename')

  result.totalMs = math.floor((vim.loop.hrtime() - started) / 1e6)
  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
end

report.run(main)
