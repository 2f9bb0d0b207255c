package cli

import "github.com/cram-dev/cram/quiz/store"

// sharedStore opens the progress store once for the whole command; Run
// closes it when the command ends.
func (f *Factory) sharedStore() (*store.Store, error) {
	f.storeOnce.Do(func() { f.store, f.storeErr = f.Store() })
	return f.store, f.storeErr
}

// verifyStore is where approvals and cached verification results are kept.
func (f *Factory) verifyStore() (verifyStore, error) {
	s, err := f.sharedStore()
	if err != nil {
		return nil, err
	}
	return s, nil
}

// progressStore is where quiz answers are recorded.
func (f *Factory) progressStore() (progressStore, error) {
	s, err := f.sharedStore()
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Close releases what the factory opened.
func (f *Factory) Close() error {
	if f.store != nil {
		return f.store.Close()
	}
	return nil
}
