package ingest

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/scim2neo4j/scim2neo4j/cypher"
)

// spill holds a run's memberships on disk until every node they connect has
// been written. It keeps memory bounded however many memberships the
// directory has, and lets memberships be written whatever order pages
// arrived in. The file is a sequence of groups, each a header (member
// count, group uid) followed by that many members (kind, member uid);
// strings are length-prefixed, so ids may hold any byte.
type spill struct {
	f       *os.File
	w       *bufio.Writer
	count   int
	scratch []byte
}

// newSpill creates the spill file in dir ("" means the system temp dir).
func newSpill(dir string) (*spill, error) {
	f, err := os.CreateTemp(dir, "scim2neo4j-memberships-*")
	if err != nil {
		return nil, fmt.Errorf("create membership spill file: %w", err)
	}
	return &spill{f: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

// addGroup records a group and its direct members.
func (s *spill) addGroup(groupUID string, members []cypher.MembershipRow) error {
	s.scratch = binary.AppendUvarint(s.scratch[:0], uint64(len(members)))
	s.scratch = appendString(s.scratch, groupUID)
	for _, m := range members {
		s.scratch = append(s.scratch, byte(m.Kind))
		s.scratch = appendString(s.scratch, m.Member)
	}
	s.count += len(members)
	if _, err := s.w.Write(s.scratch); err != nil {
		return fmt.Errorf("write membership spill file: %w", err)
	}
	return nil
}

// appendString appends a length-prefixed string.
func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// rewind flushes what was written and returns a reader from the start.
func (s *spill) rewind() (*spillReader, error) {
	if err := s.w.Flush(); err != nil {
		return nil, fmt.Errorf("flush membership spill file: %w", err)
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("rewind membership spill file: %w", err)
	}
	return &spillReader{r: bufio.NewReaderSize(s.f, 1<<20)}, nil
}

// close removes the spill file.
func (s *spill) close() error {
	name := s.f.Name()
	return errors.Join(s.f.Close(), os.Remove(name))
}

// spillReader reads groups and their members back in written order.
type spillReader struct {
	r     *bufio.Reader
	group string
	left  uint64
}

// nextGroup advances to the next group and returns its uid and member
// count, or io.EOF after the last. Unread members of the previous group
// are skipped.
func (r *spillReader) nextGroup() (string, int, error) {
	for r.left > 0 {
		if _, err := r.nextMember(); err != nil {
			return "", 0, err
		}
	}
	n, err := binary.ReadUvarint(r.r)
	if err == io.EOF {
		return "", 0, io.EOF
	}
	if err != nil {
		return "", 0, fmt.Errorf("membership spill file: %w", err)
	}
	uid, err := r.readString()
	if err != nil {
		return "", 0, err
	}
	r.group, r.left = uid, n
	return uid, int(n), nil
}

// nextMember returns the next membership of the current group.
func (r *spillReader) nextMember() (cypher.MembershipRow, error) {
	if r.left == 0 {
		return cypher.MembershipRow{}, errors.New("membership spill file: no member left in group")
	}
	kind, err := r.r.ReadByte()
	if err != nil {
		return cypher.MembershipRow{}, fmt.Errorf("membership spill file: %w", io.ErrUnexpectedEOF)
	}
	member, err := r.readString()
	if err != nil {
		return cypher.MembershipRow{}, err
	}
	r.left--
	return cypher.MembershipRow{Group: r.group, Member: member, Kind: cypher.MemberKind(kind)}, nil
}

// readString reads a length-prefixed string.
func (r *spillReader) readString() (string, error) {
	n, err := binary.ReadUvarint(r.r)
	if err != nil {
		return "", fmt.Errorf("membership spill file: %w", io.ErrUnexpectedEOF)
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(r.r, buf); err != nil {
		return "", fmt.Errorf("membership spill file: %w", io.ErrUnexpectedEOF)
	}
	return string(buf), nil
}
