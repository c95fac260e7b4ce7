//! Input and output the CLI way: `-` is stdin, results go to stdout or
//! `--out`, and files are only ever replaced atomically (write a temporary
//! file beside the target, fsync, rename), so nothing is half-written.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::fail::CliError;

/// Reads a whole input: a path, or `-` for stdin.
pub fn read_input(arg: &str) -> Result<Vec<u8>, CliError> {
    let mut buf = Vec::new();
    if arg == "-" {
        io::stdin().lock().read_to_end(&mut buf).map_err(|e| CliError::io("stdin", &e))?;
    } else {
        buf = fs::read(arg).map_err(|e| CliError::io(arg, &e))?;
    }
    Ok(buf)
}

/// Gives `first`, then the rest of `reader` in 1 MiB chunks, to `take`: the
/// one read loop of the streaming loaders (catalog JSON, snapshots, index
/// sections), which never hold a whole file.
pub fn each_chunk(
    reader: &mut dyn Read,
    what: &str,
    first: Vec<u8>,
    mut take: impl FnMut(&[u8]) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let mut chunk = first;
    loop {
        if !chunk.is_empty() {
            take(&chunk)?;
        }
        chunk.resize(1 << 20, 0);
        let n = read_up_to(reader, &mut chunk).map_err(|e| CliError::io(what, &e))?;
        if n == 0 {
            return Ok(());
        }
        chunk.truncate(n);
    }
}

/// Reads until `buf` is full or the input ends; the number of bytes read.
pub fn read_up_to(r: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Opens an input for streaming: a path, or `-` for stdin. Also returns its
/// size when known, for progress.
pub fn open_input(arg: &str) -> Result<(Box<dyn Read>, Option<u64>), CliError> {
    if arg == "-" {
        Ok((Box::new(io::stdin()), None))
    } else {
        let f = fs::File::open(arg).map_err(|e| CliError::io(arg, &e))?;
        let len = f.metadata().ok().map(|m| m.len());
        Ok((Box::new(io::BufReader::with_capacity(1 << 20, f)), len))
    }
}

/// Where results go: stdout, or a file replaced atomically on [`Output::commit`].
pub struct Output {
    sink: Sink,
    /// For a file: the temporary path, removed on drop unless committed.
    tmp: Option<PathBuf>,
}

enum Sink {
    Stdout(io::BufWriter<io::Stdout>),
    File { target: PathBuf, file: Option<io::BufWriter<fs::File>> },
}

impl Output {
    pub fn new(out: Option<&Path>) -> Result<Output, CliError> {
        match out {
            None => Ok(Output { sink: Sink::Stdout(io::BufWriter::new(io::stdout())), tmp: None }),
            Some(target) => {
                let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
                let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let tmp = dir.join(format!(".{name}.govshare-tmp-{}", std::process::id()));
                let file =
                    fs::File::create(&tmp).map_err(|e| CliError::io(&tmp.display().to_string(), &e))?;
                Ok(Output {
                    sink: Sink::File { target: target.to_owned(), file: Some(io::BufWriter::new(file)) },
                    tmp: Some(tmp),
                })
            }
        }
    }

    /// Finishes the output: flushes stdout, or syncs and renames the file into place.
    pub fn commit(mut self) -> Result<(), CliError> {
        match &mut self.sink {
            Sink::Stdout(w) => w.flush().map_err(|e| CliError::io("stdout", &e)),
            Sink::File { target, file } => {
                let name = target.display().to_string();
                let Some(writer) = file.take() else { return Ok(()) };
                let file = writer.into_inner().map_err(|e| CliError::io(&name, e.error()))?;
                file.sync_all().map_err(|e| CliError::io(&name, &e))?;
                drop(file);
                if let Some(tmp) = &self.tmp {
                    fs::rename(tmp, &*target).map_err(|e| CliError::io(&name, &e))?;
                }
                self.tmp = None; // committed: nothing to clean up
                Ok(())
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.sink {
            Sink::Stdout(w) => w.write(buf),
            Sink::File { file: Some(f), .. } => f.write(buf),
            Sink::File { file: None, .. } => Err(io::Error::other("output already committed")),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Stdout(w) => w.flush(),
            Sink::File { file: Some(f), .. } => f.flush(),
            Sink::File { file: None, .. } => Ok(()),
        }
    }
}

impl Drop for Output {
    /// An output dropped without [`Output::commit`] (an error happened) leaves no trace.
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// Writes bytes to `--out` (atomically) or stdout.
pub fn write_output(out: Option<&Path>, bytes: &[u8]) -> Result<(), CliError> {
    let mut o = Output::new(out)?;
    o.write_all(bytes).map_err(|e| CliError::io("output", &e))?;
    o.commit()
}

/// Writes a new directory of files atomically: into a temporary directory
/// beside `dir`, each file synced, then renamed into place. An existing
/// `dir` is refused (a published index is never mixed with an older one);
/// on any error the temporary directory is removed.
pub fn write_directory(dir: &Path, files: &[(String, &[u8])]) -> Result<(), CliError> {
    let shown = dir.display().to_string();
    if dir.exists() {
        return Err(CliError::Usage(format!("{shown} already exists: publish into a new directory")));
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let tmp = parent.join(format!(".{name}.govshare-tmp-{}", std::process::id()));
    struct Cleanup(Option<PathBuf>);
    impl Drop for Cleanup {
        fn drop(&mut self) {
            if let Some(p) = self.0.take() {
                let _ = fs::remove_dir_all(p);
            }
        }
    }
    fs::create_dir(&tmp).map_err(|e| CliError::io(&shown, &e))?;
    let mut guard = Cleanup(Some(tmp.clone()));
    for (file, bytes) in files {
        let path = tmp.join(file);
        let mut f = fs::File::create(&path).map_err(|e| CliError::io(&shown, &e))?;
        f.write_all(bytes).and_then(|_| f.sync_all()).map_err(|e| CliError::io(&shown, &e))?;
    }
    fs::rename(&tmp, dir).map_err(|e| CliError::io(&shown, &e))?;
    guard.0 = None;
    Ok(())
}
