// The documents area's public face: other areas and the shell import only this file.
