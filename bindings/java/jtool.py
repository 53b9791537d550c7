#!/usr/bin/env python3
"""Java build steps Meson has no built-in for: javac + jar with a packed JNI
library, javadoc of the public package, and compiling test classes.

Each step works in a private scratch folder and writes one output, so Meson
sees a plain file (or folder) appear when the step succeeds."""
import argparse
import glob
import os
import shutil
import subprocess
import sys


def run(cmd):
    proc = subprocess.run(cmd)
    if proc.returncode != 0:
        sys.exit(proc.returncode)


def javac(args, classes, sources, classpath=None):
    if os.path.isdir(classes):
        shutil.rmtree(classes)
    os.makedirs(classes)
    cmd = [args.javac, '--release', args.release, '-encoding', 'UTF-8',
           '-Xlint:all,-options', '-d', classes]
    if classpath:
        cmd += ['-cp', classpath]
    run(cmd + sources)


def cmd_jar(args):
    classes = os.path.join(args.scratch, 'classes')
    sources = list(args.sources)
    if args.swig_dir:
        # Pointer wrapper classes SWIG emits for a type without a typemap:
        # their names are not known in advance, so Meson cannot list them.
        sources += sorted(glob.glob(os.path.join(args.swig_dir, 'SWIGTYPE_*.java')))
    javac(args, classes, sources)
    if args.native:
        dest = os.path.join(classes, 'org', 'cseg', 'native', args.platform)
        os.makedirs(dest, exist_ok=True)
        shutil.copy2(args.native, os.path.join(dest, os.path.basename(args.native)))
    tmp = args.output + '.tmp'
    run([args.jar, '--create', '--file', tmp, '-C', classes, '.'])
    os.replace(tmp, args.output)


def cmd_test_jar(args):
    classes = os.path.join(args.scratch, 'classes')
    javac(args, classes, args.sources, os.pathsep.join(args.classpath))
    tmp = args.output + '.tmp'
    run([args.jar, '--create', '--file', tmp, '-C', classes, '.'])
    os.replace(tmp, args.output)


def cmd_javadoc(args):
    out = args.output
    if os.path.isdir(out):
        shutil.rmtree(out)
    # Only the public package: the SWIG layer (org.cseg.internal) is on the
    # class path, not documented, so its generated code cannot fail the step.
    run([args.javadoc, '-quiet', '-encoding', 'UTF-8', '-charset', 'UTF-8',
         '--release', args.release, '-Xdoclint:all', '-Werror',
         '-windowtitle', 'cseg ' + args.version, '-doctitle', 'cseg ' + args.version + ' Java API',
         '-cp', os.pathsep.join(args.classpath), '-d', out] + args.sources)


def cmd_swig(argv):
    """Run SWIG (argv: the swig program and its arguments) after removing the
    pointer classes of an earlier run, which may name types that are gone."""
    outdir = argv[argv.index('-outdir') + 1]
    for stale in glob.glob(os.path.join(outdir, 'SWIGTYPE_*.java')):
        os.remove(stale)
    run(argv)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == 'swig':
        cmd_swig(sys.argv[2:])
        return
    p = argparse.ArgumentParser()
    p.add_argument('step', choices=['jar', 'test-jar', 'javadoc'])
    p.add_argument('--javac')
    p.add_argument('--jar')
    p.add_argument('--javadoc')
    p.add_argument('--release', default='11')
    p.add_argument('--scratch')
    p.add_argument('--output', required=True)
    p.add_argument('--native')
    p.add_argument('--platform')
    p.add_argument('--swig-dir')
    p.add_argument('--version', default='')
    p.add_argument('--classpath', action='append', default=[])
    p.add_argument('sources', nargs='*')
    args = p.parse_intermixed_args()
    {'jar': cmd_jar, 'test-jar': cmd_test_jar, 'javadoc': cmd_javadoc}[args.step](args)


if __name__ == '__main__':
    main()
